"""Writes small random-weight ASFFNet models and PyTorch reference outputs for the asffnet-tf tests.

Run from the repository root with the training interpreter:  python3 asffnet-tf/src/test/python/make_tf_fixtures.py
Output: asffnet-tf/src/test/resources/dev/asffnet/tf/<variant>.{weights,json} and <variant>.fixture.bin, all in the
ASWT format (magic 'ASWT', int32 version 1, int32 count; per tensor: int32 name length, UTF-8 name, int32 rank,
int32 dims, float32 data; little-endian). These are independent of the trained default model, so the graph can
be checked against model.py for every config flag before (and regardless of) the real export. tiny-asff is also
exported to ONNX (tiny-asff.onnx) for the TF vs ONNX Runtime test.
"""
import json
import os
import struct
import sys
from dataclasses import replace

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'training'))
from asffnet.model import ASFFNet, CONFIGS, config_dict  # noqa: E402

OUT = os.path.join(ROOT, 'asffnet-tf', 'src', 'test', 'resources', 'dev', 'asffnet', 'tf')


def write_aswt(path, tensors):
    with open(path, 'wb') as f:
        f.write(b'ASWT')
        f.write(struct.pack('<ii', 1, len(tensors)))
        for name, t in tensors.items():
            a = np.ascontiguousarray(t.detach().cpu().numpy() if torch.is_tensor(t) else t, dtype='<f4')
            b = name.encode('utf-8')
            f.write(struct.pack('<i', len(b)))
            f.write(b)
            f.write(struct.pack('<i', a.ndim))
            f.write(struct.pack('<%di' % a.ndim, *a.shape))
            f.write(a.tobytes())


def inputs(n, gen):
    s = 128
    degraded = torch.rand(n, 3, s, s, generator=gen)
    guidance = torch.rand(n, 3, s, s, generator=gen)
    # grid mostly inside [-1, 1], some samples outside (zeros padding) and some exactly on pixel centres
    grid = torch.rand(n, 32, 32, 2, generator=gen) * 2.4 - 1.2
    grid[:, :4, :4] = torch.round((grid[:, :4, :4] + 1) / 2 * 31) / 31 * 2 - 1
    lmap = (torch.rand(n, 1, s, s, generator=gen) < 0.03).float()
    return degraded, guidance, grid, lmap


def perturb(model, gen):
    # default init gives near-zero biases; make every parameter matter to the output
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('bias'):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)


def main():
    tiny = CONFIGS['tiny']
    small = replace(tiny, width=12, width_full=6, mask_width=4)
    variants = {
        'tiny-asff': (replace(tiny), 2),
        'tiny-concat': (replace(small, fusion='concat', use_mls=False, use_adain=False, ext_blocks=2,
                                recon_blocks=2), 1),
        'tiny-unguided': (replace(small, guided=False, global_residual=False), 1),
    }
    os.makedirs(OUT, exist_ok=True)
    for i, (name, (cfg, n)) in enumerate(variants.items()):
        torch.manual_seed(100 + i)
        gen = torch.Generator().manual_seed(200 + i)
        model = ASFFNet(cfg).eval()
        perturb(model, gen)
        d, g, w, l = inputs(n, gen)
        with torch.no_grad():
            out = model(d, g, w, l)
        write_aswt(os.path.join(OUT, name + '.weights'), model.state_dict())
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump({'config': config_dict(cfg), 'size': 128}, f, indent=1)
        write_aswt(os.path.join(OUT, name + '.fixture.bin'),
                   {'degraded': d, 'guidance': g, 'warp_grid': w, 'landmark_map': l, 'restored': out})
        if name == 'tiny-asff':
            # the same network as ONNX (opset 16 for GridSample), for the TF vs ONNX Runtime test
            torch.onnx.export(model, (d, g, w, l), os.path.join(OUT, name + '.onnx'), opset_version=16,
                              input_names=['degraded', 'guidance', 'warp_grid', 'landmark_map'],
                              output_names=['restored'],
                              dynamic_axes={k: {0: 'n'} for k in ['degraded', 'guidance', 'warp_grid',
                                                                  'landmark_map', 'restored']})
        print(name, 'n =', n, 'params =', sum(p.numel() for p in model.parameters()),
              'out range', float(out.min()), float(out.max()))


if __name__ == '__main__':
    main()
