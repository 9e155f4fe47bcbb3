"""PyTorch reference forward time of ASFFNet512 (this folder's clean-room module, spectral norm folded, seeded
fixture weights), for docs/benchmarks.md; Asffnet512Benchmark (Java) runs it in the same session.
  /usr/bin/python3 training/asffnet512/bench_torch.py [--size 512] [--iters 2] [--threads 2]
Prints one line: torch <version> size S threads T forward_s <median> (runs ...)."""
import argparse
import os
import sys
import time
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import ASFFNet512, fold_state_dict  # noqa: E402
from seeded import state_dict  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--size', type=int, default=512)
ap.add_argument('--iters', type=int, default=2)
ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--fixture', default='../shared/fixtures/asffnet512')
a = ap.parse_args()
torch.set_num_threads(a.threads)
net = ASFFNet512().eval()
net.load_state_dict(fold_state_dict(state_dict(a.fixture + '/keys.json')))
s = a.size
g = torch.Generator().manual_seed(0)
lq, ref = torch.rand(1, 3, s, s, generator=g) * 2 - 1, torch.rand(1, 3, s, s, generator=g) * 2 - 1
mask = (torch.rand(1, 1, s, s, generator=g) > 0.99).float()
grid = torch.rand(1, s // 4, s // 4, 2, generator=g) * 2 - 1
times = []
with torch.no_grad():
    net(lq, ref, mask, grid)                       # warm-up
    for _ in range(a.iters):
        t0 = time.perf_counter()
        net(lq, ref, mask, grid)
        times.append(time.perf_counter() - t0)
print('torch %s size %d threads %d forward_s %.2f (runs %s)' % (torch.__version__, s, a.threads,
      float(np.median(times)), ' '.join('%.2f' % t for t in times)))
