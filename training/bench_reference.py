"""Reference figures for the Java pipeline benchmark (dev.asffnet.examples.bench.PipelineBenchmark).

    /usr/bin/python3 training/bench_reference.py --config asffnet-models/.../asffnet-default.json --probe /tmp/p.onnx
    /usr/bin/python3 training/bench_reference.py --config large --probe /tmp/p.onnx   (a CONFIGS name)

Prints one JSON line: the network's multiply-accumulates per 128x128 face (counted over every Conv2d with
forward hooks; grid sampling, AdaIN and activations are not counted), the PyTorch forward time on this
machine (2 threads, batch 1, median of 30 after warm-up), and writes a plain 3x3 convolution (64->64 channels
at 128x128) as ONNX to --probe so the Java harness can measure what ONNX Runtime reaches on one big conv.
"""
import argparse, json, os, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asffnet.model import ASFFNet, CONFIGS, Config  # noqa: E402


def macs_of(model, inputs):
    total = [0]

    def hook(m, inp, out):
        k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
        total[0] += out.numel() * k

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        model(*inputs)
    for h in hs:
        h.remove()
    return total[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', default='', help='a CONFIGS name or a model JSON (asffnet-default.json); empty: Config()')
    ap.add_argument('--probe', required=True)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = Config()
    if a.config in CONFIGS:
        cfg = CONFIGS[a.config]
    elif a.config and os.path.exists(a.config):
        js = json.load(open(a.config))
        js = js.get('config', js)
        cfg = Config(**{k: v for k, v in js.items() if k in Config.__dataclass_fields__})
    elif a.config:
        ap.error('--config %r is neither a file nor one of %s' % (a.config, sorted(CONFIGS)))
    model = ASFFNet(cfg).eval()
    x = (torch.rand(1, 3, 128, 128), torch.rand(1, 3, 128, 128), torch.rand(1, 32, 32, 2) * 2 - 1,
         (torch.rand(1, 1, 128, 128) > 0.98).float())
    macs = macs_of(model, x)
    with torch.no_grad():
        for _ in range(5):
            model(*x)
        ts = []
        for _ in range(30):
            t = time.perf_counter()
            model(*x)
            ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    torch.manual_seed(0)   # the same probe bytes every run: one entry in the library's optimised-model cache
    conv = torch.nn.Conv2d(64, 64, 3, padding=1).eval()
    torch.onnx.export(conv, torch.rand(1, 64, 128, 128), a.probe, input_names=['x'], output_names=['y'],
                      opset_version=17)
    print(json.dumps({'macs': macs, 'torch_ms': ts[len(ts) // 2], 'threads': a.threads,
                      'probe_macs': 64 * 64 * 9 * 128 * 128}))


if __name__ == '__main__':
    main()
