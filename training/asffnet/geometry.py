"""Landmark geometry shared with the Java side (docs/conventions.md), numpy float64.

Eqn 2/3: weighted affine distance between landmark sets and its closed-form WLS affine map.
Eqn 5:   moving-least-squares (MLS) backward map, evaluated on the 32x32 feature grid.
Also the canonical-crop framing (FFHQ style), the landmark map and the iBUG horizontal-flip permutation.
"""
import os

import numpy as np

S = int(os.environ.get('ASFFNET_SIZE', '128'))   # native image size (ASFFNET_SIZE=256: the 256 model)
if S < 16 or S % 4:
    raise ValueError('ASFFNET_SIZE must be a multiple of 4 >= 16, got %d' % S)
FS = S // 4        # feature size
FEAT_SCALE = S // FS

# iBUG 300-W 68-point permutation under a horizontal flip
FLIP_PERM = np.array(
    list(range(16, -1, -1))                      # jaw 0..16
    + list(range(26, 21, -1))                    # brows 17..21 <- 26..22
    + list(range(21, 16, -1))                    # brows 22..26 <- 21..17
    + [27, 28, 29, 30]                           # nose bridge
    + [35, 34, 33, 32, 31]                       # nose bottom
    + [45, 44, 43, 42, 47, 46]                   # eye 36..41 <- other eye
    + [39, 38, 37, 36, 41, 40]                   # eye 42..47
    + [54, 53, 52, 51, 50, 49, 48]               # outer lip top 48..54
    + [59, 58, 57, 56, 55]                       # outer lip bottom 55..59
    + [64, 63, 62, 61, 60]                       # inner lip top 60..64
    + [67, 66, 65],                              # inner lip bottom 65..67
    dtype=np.int64)
assert sorted(FLIP_PERM.tolist()) == list(range(68))


def flip_landmarks(L, size=S):
    """Landmarks of the horizontally flipped image (pixel centres at integers)."""
    out = L[..., FLIP_PERM, :].copy()
    out[..., 0] = (size - 1) - out[..., 0]
    return out


def homog(L):
    """(..., 68, 2) -> (..., 3, 68)"""
    L = np.asarray(L, dtype=np.float64)
    ones = np.ones(L.shape[:-1] + (1,), dtype=np.float64)
    return np.swapaxes(np.concatenate([L, ones], axis=-1), -1, -2)


def wls_affine(Ld, Lg, w):
    """Eqn 3: A = Ld W Lg~^T (Lg~ W Lg~^T)^-1 (2x3) mapping guidance -> degraded.
    Ld (68,2); Lg (...,68,2); w (68,). Returns (...,2,3)."""
    Ld = np.asarray(Ld, np.float64)
    w = np.asarray(w, np.float64)
    G = homog(Lg)                                         # (...,3,68)
    GW = G * w                                            # (...,3,68)
    lhs = GW @ np.swapaxes(G, -1, -2)                     # (...,3,3) symmetric
    rhs = Ld.T @ np.swapaxes(GW, -1, -2) if G.ndim == 2 else np.einsum('im,...jm->...ij', Ld.T, GW)
    # A lhs = rhs  ->  lhs A^T = rhs^T  (lhs symmetric)
    At = np.linalg.solve(lhs, np.swapaxes(rhs, -1, -2))
    return np.swapaxes(At, -1, -2)


def affine_dist2(Ld, Lg, w=None):
    """Eqn 2 inner term D_a^2 for one or many exemplars: Lg (68,2) or (K,68,2) -> float or (K,)"""
    if w is None:
        w = np.ones(68)
    w = np.asarray(w, np.float64)
    A = wls_affine(Ld, Lg, w)                             # (...,2,3)
    pred = np.swapaxes(A @ homog(Lg), -1, -2)             # (...,68,2)
    r = pred - np.asarray(Ld, np.float64)
    return np.sum(w * np.sum(r * r, axis=-1), axis=-1)


def select_guidance(Ld, Lgs, w=None):
    """Eqn 2: index of the exemplar with the smallest weighted affine distance, and all distances."""
    d = affine_dist2(Ld, np.asarray(Lgs), w)
    return int(np.argmin(d)), d


def mls_points(Ld, Lg, pts):
    """Eqn 5: map positions pts (P,2) in the degraded frame to the guidance frame, all 68 points as
    control points, w_m = 1/|p - Ld_m|^2; exact landmark hits map to Lg_m."""
    Ld = np.asarray(Ld, np.float64)
    Lg = np.asarray(Lg, np.float64)
    pts = np.asarray(pts, np.float64)
    d2 = np.sum((pts[:, None, :] - Ld[None, :, :]) ** 2, axis=-1)      # (P,68)
    hit = d2 < 1e-12
    d2s = np.where(hit, 1.0, d2)
    w = 1.0 / d2s
    w = w / np.max(w, axis=1, keepdims=True)               # scale-free; solution unchanged
    D = homog(Ld)                                          # (3,68)
    Q = np.einsum('im,jm->mij', D, D).reshape(68, 9)       # per-landmark outer products
    R = np.einsum('im,jm->mij', Lg.T, D).reshape(68, 6)
    lhs = (w @ Q).reshape(-1, 3, 3)                        # (P,3,3) = D W_p D^T
    rhs = (w @ R).reshape(-1, 2, 3)                        # (P,2,3) = Lg W_p D^T
    Mt = np.linalg.solve(lhs, np.swapaxes(rhs, -1, -2))    # (P,3,2)
    ph = np.concatenate([pts, np.ones((pts.shape[0], 1))], axis=1)
    out = np.einsum('pi,pij->pj', ph, Mt)                  # (P,2)
    if hit.any():
        rows, cols = np.nonzero(hit)
        out[rows] = Lg[cols]
    return out


def to_feature(L):
    """Image pixels (128 frame) -> feature pixels (32 frame): xf = (x + 0.5)/4 - 0.5."""
    return (np.asarray(L, np.float64) + 0.5) / FEAT_SCALE - 0.5


def feature_points(fs=FS):
    """(fs*fs, 2) feature-pixel positions (x, y), rows y-major."""
    return np.stack(np.meshgrid(np.arange(fs), np.arange(fs), indexing='xy'), axis=-1).reshape(-1, 2).astype(np.float64)


_FEAT_PTS = feature_points()


def mls_grid(Ld, Lg, fs=FS):
    """MLS backward grid (fs,fs,2) float32 in (x,y) order, normalised for grid_sample(align_corners=True).
    Ld: degraded landmarks, Lg: guidance landmarks, both in image pixels of a 4*fs crop (default: S)."""
    src = mls_points(to_feature(Ld), to_feature(Lg), _FEAT_PTS if fs == FS else feature_points(fs))
    g = 2.0 * src / (fs - 1) - 1.0
    return g.reshape(fs, fs, 2).astype(np.float32)


def identity_grid():
    g = 2.0 * _FEAT_PTS / (FS - 1) - 1.0
    return g.reshape(FS, FS, 2).astype(np.float32)


def landmark_map_indices(L, size=S):
    """Sorted flat indices (y*size + x) of the pixels set in the landmark map."""
    L = np.asarray(L, np.float64)
    cx = np.floor(L[:, 0] + 0.5).astype(np.int64)
    cy = np.floor(L[:, 1] + 0.5).astype(np.int64)
    idx = set()
    for x0, y0 in zip(cx, cy):
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                x, y = x0 + dx, y0 + dy
                if 0 <= x < size and 0 <= y < size:
                    idx.add(int(y * size + x))
    return sorted(idx)


def landmark_map(L, size=S):
    """(1,size,size) float32: 3x3 squares of 1.0 at the rounded landmark positions."""
    m = np.zeros(size * size, np.float32)
    m[landmark_map_indices(L, size)] = 1.0
    return m.reshape(1, size, size)


# ---------------------------------------------------------------- canonical crop framing
def crop_frame(L):
    """FFHQ-style framing from 68 landmarks of a photo: centre c, half-axis vectors x, y (photo pixels)."""
    L = np.asarray(L, np.float64)
    eyeL = L[36:42].mean(0)
    eyeR = L[42:48].mean(0)
    eyeAvg = (eyeL + eyeR) / 2
    eyeToEye = eyeR - eyeL
    mouthAvg = (L[48] + L[54]) / 2
    eyeToMouth = mouthAvg - eyeAvg
    x = eyeToEye - np.array([-eyeToMouth[1], eyeToMouth[0]])
    x = x / np.linalg.norm(x) * max(2.0 * np.linalg.norm(eyeToEye), 1.8 * np.linalg.norm(eyeToMouth))
    y = np.array([-x[1], x[0]])
    c = eyeAvg + 0.1 * eyeToMouth
    return c, x, y


def photo_to_crop(L, c, x, y, size=S):
    """Inverse of the crop similarity: photo pixel coords -> output pixel coords (u, v)."""
    d = np.asarray(L, np.float64) - c
    n2 = float(x @ x)
    u = (d @ x) / n2 * (size / 2) + (size - 1) / 2
    v = (d @ y) / n2 * (size / 2) + (size - 1) / 2
    return np.stack([u, v], axis=-1)
