"""Export a trained ASFFNet checkpoint.

    /usr/bin/python3 training/export.py --ckpt training/runs/main/best-guided.pt            # default model
    /usr/bin/python3 training/export.py --ckpt training/runs/main/best-unguided.pt \
        --onnx training/exports/asffnet-unguided.onnx --no-weights --no-parity

Writes (defaults):
  asffnet-models/src/main/resources/dev/asffnet/models/asffnet-default.onnx     ONNX opset 17, float32
  asffnet-models/src/main/resources/dev/asffnet/models/asffnet-default.weights  raw weights (ASWT format)
  asffnet-models/src/main/resources/dev/asffnet/models/asffnet-default.json     config + layer list
  asffnet-onnx/src/test/resources/dev/asffnet/onnx/parity_fixture.bin           inputs + PyTorch outputs (ASWT)

With ASFFNET_SIZE=256 the same command exports a model trained at 256 (inputs, config 'size', parity case):
    ASFFNET_SIZE=256 /usr/bin/python3 training/export.py --ckpt training/runs/s256/best-guided.pt \
        --onnx .../asffnet-256.onnx --weights .../asffnet-256.weights --json .../asffnet-256.json \
        --parity asffnet-onnx/src/test/resources/dev/asffnet/onnx/parity_fixture_256.bin

ASWT format (little-endian): bytes 'ASWT', int32 version (=1), int32 tensor count, then per tensor:
int32 name length, UTF-8 name bytes, int32 rank, rank x int32 dims, prod(dims) x float32 (C order).
"""
import argparse, json, os, struct, sys
import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asffnet.model import ASFFNet, Config, config_dict, count_params
from asffnet.data import DEFAULT_CACHE as DATA_CACHE
from asffnet import geometry as G
from asffnet.files import replacing   # every file written whole or not at all

ROOT = os.path.join(HERE, '..')
MODELS = os.path.join(ROOT, 'asffnet-models', 'src', 'main', 'resources', 'dev', 'asffnet', 'models')
PARITY = os.path.join(ROOT, 'asffnet-onnx', 'src', 'test', 'resources', 'dev', 'asffnet', 'onnx', 'parity_fixture.bin')
INPUTS = ['degraded', 'guidance', 'warp_grid', 'landmark_map']


def write_aswt(path, tensors):
    """tensors: list of (name, np.ndarray)."""
    with replacing(path) as tmp, open(tmp, 'wb') as f:
        f.write(b'ASWT')
        f.write(struct.pack('<ii', 1, len(tensors)))
        for name, a in tensors:
            a = np.ascontiguousarray(a, dtype='<f4')
            nb = name.encode('utf-8')
            f.write(struct.pack('<i', len(nb)))
            f.write(nb)
            f.write(struct.pack('<i', a.ndim))
            f.write(struct.pack('<%di' % a.ndim, *a.shape))
            f.write(a.tobytes())


def read_aswt(path):
    out = []
    with open(path, 'rb') as f:
        assert f.read(4) == b'ASWT'
        ver, n = struct.unpack('<ii', f.read(8))
        assert ver == 1
        for _ in range(n):
            (ln,) = struct.unpack('<i', f.read(4))
            name = f.read(ln).decode('utf-8')
            (rank,) = struct.unpack('<i', f.read(4))
            dims = struct.unpack('<%di' % rank, f.read(4 * rank))
            cnt = int(np.prod(dims)) if rank else 1
            out.append((name, np.frombuffer(f.read(4 * cnt), '<f4').reshape(dims)))
    return out


class KeepInputs(nn.Module):
    """Keeps all four inputs in the ONNX graph for a model that ignores some (unguided baseline):
    adds 0 * (sum of a scalar from each) so the exporter does not prune them."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, degraded, guidance, warp_grid, landmark_map):
        out = self.m(degraded, guidance, warp_grid, landmark_map)
        if self.m.cfg.guided:
            return out
        z = guidance[:, :1, :1, :1] + warp_grid[:, :1, :1, :1].reshape(-1, 1, 1, 1) + landmark_map[:, :1, :1, :1]
        return out + 0.0 * z


def load(ckpt, which='guided'):
    s = torch.load(ckpt, map_location='cpu')
    if 'models' in s:            # a training state (latest.pt)
        cfg, sd, meta = Config(**s['configs'][which]), s['models'][which], dict(step=s['step'])
    else:                        # best-<model>.pt
        cfg, sd, meta = Config(**s['config']), s['model'], dict(step=s.get('step'), val_psnr_x4=s.get('val_psnr_x4'))
    m = ASFFNet(cfg)
    m.load_state_dict(sd)
    return m.eval(), meta


def export_onnx(m, path):
    import onnx
    with replacing(path) as tmp:
        torch.onnx.export(KeepInputs(m), tuple(example_inputs(1, 0)), tmp, opset_version=17,
                          input_names=INPUTS, output_names=['restored'],
                          dynamic_axes={k: {0: 'batch'} for k in INPUTS + ['restored']}, do_constant_folding=True)
        onnx.checker.check_model(onnx.load(tmp))


def example_inputs(n, seed):
    g = torch.Generator().manual_seed(seed)
    S, FS = G.S, G.FS      # ASFFNET_SIZE=256 exports the 256 model
    deg = torch.rand(n, 3, S, S, generator=g)
    gui = torch.rand(n, 3, S, S, generator=g)
    base = torch.stack(torch.meshgrid(torch.linspace(-1, 1, FS), torch.linspace(-1, 1, FS), indexing='xy'), -1)
    grid = (base[None] + 0.05 * torch.randn(n, FS, FS, 2, generator=g)).contiguous()
    lm = (torch.rand(n, 1, S, S, generator=g) < 0.03).float()
    return [deg, gui, grid, lm]


def parity_cases(cache):
    """Case 0: a real validation sample (x4); case 1: random inputs."""
    cases = [example_inputs(1, 1)]
    try:
        from asffnet import data as DATA, batches as B
        val = DATA.FaceSet(cache, 'val')
        b = B.collate(B.val_samples(val, 4.0, 1))
        cases.insert(0, [b[k] for k in INPUTS])
    except Exception as e:     # cache missing: random only
        print('parity: no real sample (%s)' % e)
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--model', default='guided', help='which model inside a latest.pt training state')
    ap.add_argument('--onnx', default=os.path.join(MODELS, 'asffnet-default.onnx'))
    ap.add_argument('--weights', default=os.path.join(MODELS, 'asffnet-default.weights'))
    ap.add_argument('--json', default=os.path.join(MODELS, 'asffnet-default.json'))
    ap.add_argument('--parity', default=PARITY)
    ap.add_argument('--source', default='', help='checkpoint description recorded in the json')
    ap.add_argument('--note', default='')
    ap.add_argument('--no-weights', action='store_true')
    ap.add_argument('--no-parity', action='store_true')
    ap.add_argument('--cache', default=DATA_CACHE)
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, meta = load(a.ckpt, a.model)
    os.makedirs(os.path.dirname(os.path.abspath(a.onnx)), exist_ok=True)
    export_onnx(m, a.onnx)
    print('onnx', a.onnx, os.path.getsize(a.onnx))
    if not a.no_weights:
        sd = m.state_dict()   # no spectral norm in the generator: nothing to fold
        write_aswt(a.weights, [(k, v.detach().numpy()) for k, v in sd.items()])
        layers = [dict(name=k, shape=list(v.shape)) for k, v in sd.items()]
        doc = dict(format='ASWT v1: see docs/training.md', source_checkpoint=a.source or os.path.relpath(a.ckpt, ROOT), note=a.note, **meta,
                   config=dict(config_dict(m.cfg), **({'size': G.S} if G.S != 128 else {})),
                   parameters=count_params(m),
                   inputs={'degraded': [None, 3, G.S, G.S], 'guidance': [None, 3, G.S, G.S],
                           'warp_grid': [None, G.FS, G.FS, 2], 'landmark_map': [None, 1, G.S, G.S]},
                   outputs={'restored': [None, 3, G.S, G.S]},
                   forward='training/asffnet/model.py ASFFNet.forward; restored = degraded + net (global residual); '
                           'conv weights [out,in,kh,kw]; leaky ReLU slope 0.2; grid_sample bilinear, zeros, '
                           'align_corners=True; AdaIN population variance + 1e-5',
                   layers=layers)
        if m.cfg.guided and m.cfg.fr_guidance:
            doc['fr_guidance'] = (
                'model.FRFusion after recon.res1 (64x64, 2*width_full ch: fr64) and after recon.res2 (128x128, '
                'width_full ch: fr128). grid_r = (M_r @ g @ M_r^T) * 31r/(32(r-1)) per coordinate plane, '
                'M_r = model.grid_interp_matrix(r) (r x 32, linear interpolation at pixel centres u=(p+0.5)*32/r-0.5, '
                'linear extrapolation at the border); G = grid_sample(eg stage output at r (after stem1: 128, '
                'after stem2: 64), grid_r, bilinear, zeros, align_corners=True); G = AdaIN(G, x); G = conv3 g(G); '
                'L = lrelu(conv5 lm(landmark_map), stride 2 for fr64, padding 2); '
                'mask = sigmoid(mask.2(lrelu(mask.0([x, G, L])))) (mask.0 1x1, mask.2 3x3); '
                'x = x + post.2(lrelu(post.0(lrelu(x + mask * (G - x)))))')
        with replacing(a.json) as tmp, open(tmp, 'w') as f:
            json.dump(doc, f, indent=1)
        print('weights', a.weights, os.path.getsize(a.weights))
    if not a.no_parity:
        ts = []
        with torch.no_grad():
            for i, inp in enumerate(parity_cases(a.cache)):
                out = m(*inp)
                for k, v in zip(INPUTS, inp):
                    ts.append(('case%d/%s' % (i, k), v.numpy()))
                ts.append(('case%d/restored' % i, out.numpy()))
        os.makedirs(os.path.dirname(a.parity), exist_ok=True)
        write_aswt(a.parity, ts)
        print('parity', a.parity, os.path.getsize(a.parity))


if __name__ == '__main__':
    main()
