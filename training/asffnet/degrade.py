"""Synthetic degradation, Eqn 18: I^d = ((I (*) k) downarrow_s + n_sigma)_JPEG_q, then bicubic back to 128.

Sampling (docs/conventions.md, paper section 4.1):
  kernel k: Gaussian blur with sigma in {1.0, 1.1, ..., 3.0} (probability 0.7) or one of 32 synthetic
            motion-blur kernels (probability 0.3; the paper's 32 kernels from [2, 23] are not available,
            ours are seeded random camera-shake trajectories, see motion_kernels());
  scale s:  {1.0, 1.1, ..., 8.0};  noise sigma: {0, 1, ..., 15} on the 0..255 scale;  JPEG q: {10, ..., 60}.
"Bicubic" = PIL Image.resize(BICUBIC) on float32 'F' planes. The result is clipped to [0, 1].
Validation uses fixed_params(): a fixed scale (4 or 8) with the other parameters seeded per sample.
"""
import io
import numpy as np
from PIL import Image
from scipy import ndimage

SIGMAS = np.round(np.arange(10, 31) / 10.0, 1)
SCALES = np.round(np.arange(10, 81) / 10.0, 1)
P_MOTION = 0.3


def resize_bicubic(img, w, h):
    """img float (C,H,W) -> (C,h,w) with PIL BICUBIC on 'F' planes."""
    return np.stack([np.asarray(Image.fromarray(np.ascontiguousarray(p, dtype=np.float32), mode='F')
                                .resize((w, h), Image.BICUBIC)) for p in img])


def motion_kernels(n=32, size=21, seed=20200601):
    """Seeded synthetic motion-blur kernels: a random walk with momentum rendered with bilinear splats."""
    rng = np.random.default_rng(seed)
    ks = []
    for _ in range(n):
        length = rng.uniform(5, 17)
        steps = 200
        ang = rng.uniform(0, 2 * np.pi)
        pos = np.zeros(2)
        vel = np.array([np.cos(ang), np.sin(ang)])
        pts = []
        for _ in range(steps):
            vel = vel + rng.normal(0, 0.25, 2)
            vel /= np.linalg.norm(vel)
            pos = pos + vel * (length / steps)
            pts.append(pos.copy())
        pts = np.array(pts)
        pts -= pts.mean(0)
        pts += (size - 1) / 2
        k = np.zeros((size, size))
        for x, y in pts:
            x0, y0 = int(np.floor(x)), int(np.floor(y))
            fx, fy = x - x0, y - y0
            for dx, dy, wgt in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)),
                                (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
                if 0 <= x0 + dx < size and 0 <= y0 + dy < size:
                    k[y0 + dy, x0 + dx] += wgt
        ks.append(k / k.sum())
    return ks


_MOTION = None


def random_params(rng):
    p = {}
    if rng.random() < P_MOTION:
        p['motion'] = int(rng.integers(32))
    else:
        p['sigma'] = float(SIGMAS[rng.integers(len(SIGMAS))])
    p['scale'] = float(SCALES[rng.integers(len(SCALES))])
    p['noise'] = int(rng.integers(0, 16))
    p['jpeg'] = int(rng.integers(10, 61))
    p['seed'] = int(rng.integers(2 ** 31))
    return p


def fixed_params(scale, index, seed=0):
    """Deterministic validation degradation at a fixed scale: Gaussian blur, noise and JPEG seeded by
    (seed, scale, index)."""
    rng = np.random.default_rng([seed, int(round(scale * 10)), index])
    return dict(sigma=float(SIGMAS[rng.integers(len(SIGMAS))]), scale=float(scale),
                noise=int(rng.integers(0, 16)), jpeg=int(rng.integers(10, 61)), seed=int(rng.integers(2 ** 31)))


def degrade(img, p):
    """img float32 (3,H,W) in [0,1] -> degraded image upsampled back to (3,H,W), float32 in [0,1]."""
    global _MOTION
    C, H, W = img.shape
    if 'motion' in p:
        if _MOTION is None:
            _MOTION = motion_kernels()
        k = _MOTION[p['motion']]
        x = np.stack([ndimage.convolve(c, k, mode='reflect') for c in img])
    else:
        x = np.stack([ndimage.gaussian_filter(c, p['sigma'], mode='reflect', truncate=3.0) for c in img])
    s = p['scale']
    h, w = max(1, int(round(H / s))), max(1, int(round(W / s)))
    if (h, w) != (H, W):
        x = resize_bicubic(x, w, h)
    rng = np.random.default_rng(p['seed'])
    if p['noise'] > 0:
        x = x + rng.normal(0, p['noise'] / 255.0, x.shape)
    u8 = np.clip(np.round(x * 255.0), 0, 255).astype(np.uint8).transpose(1, 2, 0)
    buf = io.BytesIO()
    Image.fromarray(u8, 'RGB').save(buf, format='JPEG', quality=p['jpeg'])
    buf.seek(0)
    x = np.asarray(Image.open(buf).convert('RGB'), np.float32).transpose(2, 0, 1) / 255.0
    if (h, w) != (H, W):
        x = resize_bicubic(x, W, H)
    return np.clip(x, 0.0, 1.0).astype(np.float32)
