"""Training and validation samples: target, degraded input, selected guidance, MLS grid, landmark map."""
import numpy as np
import torch

from . import degrade as D
from . import geometry as G

LANDMARK_JITTER = 1.0   # px (128 frame): degraded-image landmarks are GT + N(0, 1 px), as a detector would be


def make_sample(fs, n, rng, params, flip=False, jitter=LANDMARK_JITTER, select='affine', kmin=3, kmax=10):
    """One sample for target index n of FaceSet fs. select: 'affine' (Eqn 2, uniform weights) or 'random'.
    Returns a dict of float32 numpy arrays plus the chosen exemplar index."""
    img = fs.image(n)
    L = fs.lms[n].copy()
    ex = fs.exemplars(n, rng, kmin, kmax)
    Lgs = fs.lms[ex].copy()
    if flip:
        img = img[:, :, ::-1].copy()
        L = G.flip_landmarks(L)
        Lgs = G.flip_landmarks(Lgs)
    Ld = L + rng.normal(0, jitter, L.shape) if jitter > 0 else L
    if select == 'affine':
        k, _ = G.select_guidance(Ld, Lgs)
    else:
        k = int(rng.integers(len(ex)))
    gimg = fs.image(ex[k])
    if flip:
        gimg = gimg[:, :, ::-1].copy()
    deg = D.degrade(img, params)
    return dict(target=img, degraded=deg, guidance=gimg, warp_grid=G.mls_grid(Ld, Lgs[k]),
                landmark_map=G.landmark_map(Ld), exemplar=int(ex[k]),
                Ld=Ld.astype(np.float32), Lgs=Lgs.astype(np.float32), exemplars=ex, k=k)


KEYS = ('target', 'degraded', 'guidance', 'warp_grid', 'landmark_map')


def collate(samples):
    return {k: torch.from_numpy(np.ascontiguousarray(np.stack([s[k] for s in samples]))) for k in KEYS}


class TrainBatches(torch.utils.data.Dataset):
    """Batch for step t is a pure function of (seed, t): resumable without saving loader state."""

    def __init__(self, fs, batch=8, seed=1234):
        self.fs, self.batch, self.seed = fs, batch, seed

    def __len__(self):
        return 10 ** 9

    def __getitem__(self, t):
        rng = np.random.default_rng([self.seed, t])
        idx = rng.choice(self.fs.targets, size=self.batch, replace=False)
        return collate([make_sample(self.fs, int(n), rng, D.random_params(rng), flip=bool(rng.random() < 0.5))
                        for n in idx])


def val_samples(fs, scale, count=None, seed=0, select='affine'):
    """Deterministic validation samples at a fixed scale (every target of the split unless count)."""
    targets = fs.targets if count is None else fs.targets[np.linspace(0, len(fs.targets) - 1, count).astype(int)]
    out = []
    for i, n in enumerate(targets):
        rng = np.random.default_rng([seed, 7, int(n)])
        out.append(make_sample(fs, int(n), rng, D.fixed_params(scale, int(n), seed), flip=False, select=select))
    return out
