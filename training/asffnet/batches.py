"""Training and validation samples: target, degraded input, selected guidance, MLS grid, landmark map."""
import numpy as np
import torch

from . import degrade as D
from . import geometry as G

LANDMARK_JITTER = G.S / 128.0   # px: degraded-image landmarks are GT + N(0, 1 px at 128), as a detector would be


def detector_noise(L, rng, level):
    """Landmarks as a detector on the degraded face would return them: a random similarity jitter of the whole
    set about its centroid plus per-point Gaussian error, all scaled by the outer-eye-corner distance
    d = |L36 - L45|. level ~ mean per-point error in units of d (0.05..0.1 for a detector on degraded faces):
    translation sigma 0.44 level d per axis, rotation sigma 0.44 level rad and log-scale sigma 0.44 level about
    the centroid, per-point sigma 0.625 level d per axis; measured mean |error|/d = 1.00 level on the CelebA
    validation crops (d ~ 44 px at 128)."""
    L = np.asarray(L, np.float64)
    d = np.linalg.norm(L[45] - L[36])
    c = L.mean(0)
    th = rng.normal(0, 0.44 * level)
    sc = np.exp(rng.normal(0, 0.44 * level))
    R = sc * np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    t = rng.normal(0, 0.44 * level * d, 2)
    return (L - c) @ R.T + c + t + rng.normal(0, 0.625 * level * d, L.shape)


class DetectedLandmarks:
    """The Java front end's landmarks for a degraded face crop that no detector box covers (FaceFrontEnd.detect,
    whole-image path): the 68-point net on the whole image and on its mirror image, mapped back and averaged.
    The net (an ONNX file: the shipped robust one) is loaded on first use, so each loader worker has its own."""

    def __init__(self, onnx_path):
        self.path, self.net = onnx_path, None

    def __call__(self, img):
        """img float32 (3,H,W) in [0,1] -> (68,2) landmarks in its pixels."""
        from landmarks import net as N
        if self.net is None:
            self.net = N.load_onnx(self.path)
        H, W = img.shape[1:]
        box = (0.0, 0.0, float(W), float(H))
        L, M = N.run_batch(self.net, [img, np.ascontiguousarray(img[:, :, ::-1])], [box, box])
        return 0.5 * (L + G.flip_landmarks(M, W))


def make_sample(fs, n, rng, params, flip=False, jitter=LANDMARK_JITTER, select='affine', kmin=3, kmax=10,
                lm_noise=0.0, wrong=False, fixed_noise=0.0, noise_rng=None, detector=None):
    """One sample for target index n of FaceSet fs. select: 'affine' (Eqn 2, uniform weights) or 'random'.
    lm_noise > 0: the degraded-side landmarks (guidance selection, MLS grid, landmark map) get detector-like
    noise (detector_noise) at a level drawn uniformly from [0, lm_noise] per sample, instead of the 1 px jitter.
    fixed_noise > 0 (evaluation): detector noise at exactly that level from noise_rng, drawn after the usual
    jitter so that rng's stream (and so everything else) stays as without it.
    detector (a DetectedLandmarks): the degraded-side landmarks are those it finds on the degraded image (the real
    path) instead of GT plus noise; rng's stream stays as without it.
    wrong: exemplars of another identity (control). Returns a dict of float32 numpy arrays plus the chosen
    exemplar index."""
    img = fs.image(n)
    L = fs.lms[n].copy()
    ex = fs.wrong_exemplars(n, rng, kmin, kmax) if wrong else fs.exemplars(n, rng, kmin, kmax)
    Lgs = fs.lms[ex].copy()
    if flip:
        img = img[:, :, ::-1].copy()
        L = G.flip_landmarks(L)
        Lgs = G.flip_landmarks(Lgs)
    deg = D.degrade(img, params)
    if lm_noise > 0:
        Ld = detector_noise(L, rng, rng.uniform(0, lm_noise))
    else:
        Ld = L + rng.normal(0, jitter, L.shape) if jitter > 0 else L
        if fixed_noise > 0:
            Ld = detector_noise(L, noise_rng, fixed_noise)
    if detector is not None:
        Ld = detector(deg)
    if select == 'affine':
        k, _ = G.select_guidance(Ld, Lgs)
    else:
        k = int(rng.integers(len(ex)))
    gimg = fs.image(ex[k])
    if flip:
        gimg = gimg[:, :, ::-1].copy()
    return dict(target=img, degraded=deg, guidance=gimg, warp_grid=G.mls_grid(Ld, Lgs[k]),
                landmark_map=G.landmark_map(Ld), exemplar=int(ex[k]),
                Ld=Ld.astype(np.float32), Lgs=Lgs.astype(np.float32), exemplars=ex, k=k)


KEYS = ('target', 'degraded', 'guidance', 'warp_grid', 'landmark_map')


def collate(samples):
    return {k: torch.from_numpy(np.ascontiguousarray(np.stack([s[k] for s in samples]))) for k in KEYS}


class TrainBatches(torch.utils.data.Dataset):
    """Batch for step t is a pure function of (seed, t): resumable without saving loader state."""

    def __init__(self, fs, batch=8, seed=1234, lm_noise=0.0, detector=None):
        self.fs, self.batch, self.seed, self.lm_noise, self.detector = fs, batch, seed, lm_noise, detector

    def __len__(self):
        return 10 ** 9

    def __getitem__(self, t):
        rng = np.random.default_rng([self.seed, t])
        idx = rng.choice(self.fs.targets, size=self.batch, replace=False)
        return collate([make_sample(self.fs, int(n), rng, D.random_params(rng), flip=bool(rng.random() < 0.5),
                                            lm_noise=self.lm_noise, detector=self.detector)
                        for n in idx])


def val_samples(fs, scale, count=None, seed=0, select='affine', lm_noise=0.0, wrong=False, detector=None):
    """Deterministic validation samples at a fixed scale (every target of the split unless count).
    lm_noise: fixed detector-noise level (units of the outer-eye-corner distance; 0: the usual 1 px jitter);
    wrong: exemplars of another identity. Neither changes the degraded image (its rng stream is separate)."""
    targets = fs.targets if count is None else fs.targets[np.linspace(0, len(fs.targets) - 1, count).astype(int)]
    out = []
    for i, n in enumerate(targets):
        rng = np.random.default_rng([seed, 7, int(n)])
        noise_rng = np.random.default_rng([seed, 11, int(n)]) if lm_noise > 0 else None
        s = make_sample(fs, int(n), rng, D.fixed_params(scale, int(n), seed), flip=False, select=select,
                        wrong=wrong, fixed_noise=lm_noise, noise_rng=noise_rng, detector=detector)
        out.append(s)
    return out
