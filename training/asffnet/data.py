"""CelebA-faces data: landmark filtering, identity-disjoint split, canonical 128x128 crops (cached).

Prep (one-off, ~2 min on 2 cores; run from training/):
    /usr/bin/python3 -m asffnet.data
writes <cache>/faces128.npz (uint8 crops, landmarks in crop pixels, file names, identities) and
training/split.json (committed; identity lists and the filter verdicts), then the LFW crops
<cache>/faces128-lfw.npz and training/split-lfw.json (LFW identity split). Each part is skipped when its
npz exists (--force redoes it).
With ASFFNET_SIZE=256 (geometry.S) the same prep writes <cache>/faces256.npz, CelebA only, and keeps the
committed split.json; targets of that size are only crops at most 1/MIN_TARGET_SCALE upsampled (FaceSet).

Locations: the data root is $ASFFNET_DATA (default <repo>/../shared/data, holding celeba-faces/ and
lfw-train/); the crop cache is $ASFFNET_CACHE (default <repo>/training/cache, git-ignored).
"""
import argparse, csv, json, os, sys, time
import numpy as np
from PIL import Image
from scipy import ndimage

from . import geometry as G
from .files import replacing

HERE = os.path.dirname(os.path.abspath(__file__))
TRAINING = os.path.normpath(os.path.join(HERE, '..'))
REPO = os.path.normpath(os.path.join(TRAINING, '..'))
SPLIT_JSON = os.path.join(TRAINING, 'split.json')
SPLIT_LFW_JSON = os.path.join(TRAINING, 'split-lfw.json')
DATA_ROOT = os.environ.get('ASFFNET_DATA') or os.path.normpath(os.path.join(REPO, '..', 'shared', 'data'))
DEFAULT_DATA = os.path.join(DATA_ROOT, 'celeba-faces')
DEFAULT_LFW = os.path.join(DATA_ROOT, 'lfw-train')
DEFAULT_CACHE = os.environ.get('ASFFNET_CACHE') or os.path.join(TRAINING, 'cache')
NPZ = 'faces%d.npz' % G.S
# at sizes above 128, a target's crop must come from at least 0.75 source pixels per output pixel (<= 1.33x upsampled)
MIN_TARGET_SCALE = 0.75 if G.S > 128 else 0.0
LFW_PREFIX = 'lfw/'     # LFW identities are person names; prefixed so they can never collide with CelebA ids


def read_csvs(data_dir):
    with open(os.path.join(data_dir, 'manifest.csv')) as f:
        man = {r['file']: r for r in csv.DictReader(f)}
    lms = {}
    with open(os.path.join(data_dir, 'landmarks68.csv')) as f:
        rd = csv.reader(f)
        next(rd)
        for r in rd:
            lms[r[0]] = np.array([float(v) for v in r[1:]], np.float64).reshape(68, 2)
    return man, lms


def landmark_problem(L, side):
    """Return a reason string when the 68 points look unusable, else None."""
    eyeL, eyeR = L[36:42].mean(0), L[42:48].mean(0)
    e2e = eyeR - eyeL
    ed = np.linalg.norm(e2e)
    mouth = (L[48] + L[54]) / 2
    e2m = mouth - (eyeL + eyeR) / 2
    md = np.linalg.norm(e2m)
    if ed < 0.08 * side:
        return 'eye distance too small'
    if ed > 0.5 * side:
        return 'eye distance too large'
    margin = 0.1 * side
    if (L < -margin).any() or (L > side - 1 + margin).any():
        return 'points far outside the crop'
    if e2e[0] <= 0:
        return 'eyes inverted'
    if e2m[1] <= 0:
        return 'mouth above eyes'
    ratio = md / ed
    if not (0.6 <= ratio <= 2.0):
        return 'eye/mouth proportions %.2f' % ratio
    # roll and skew: eyeToMouth should be roughly perpendicular to eyeToEye
    cosang = abs(e2e @ e2m) / (ed * md)
    if cosang > 0.5:
        return 'skewed geometry'
    if abs(np.arctan2(e2e[1], e2e[0])) > np.deg2rad(45):
        return 'roll > 45 deg'
    if L[0, 0] >= L[16, 0] or L[48, 0] >= L[54, 0]:
        return 'jaw or mouth inverted'
    if not (min(eyeL[0], eyeR[0]) - ed < L[30, 0] < max(eyeL[0], eyeR[0]) + ed):
        return 'nose outside the eye span'
    return None


def make_split(identities):
    """Identity-disjoint deterministic split: sort identities numerically, every 5th -> validation."""
    ids = sorted(set(identities), key=lambda s: int(s))
    val = [i for n, i in enumerate(ids) if n % 5 == 4]
    train = [i for n, i in enumerate(ids) if n % 5 != 4]
    return train, val


def canonical_crop(img, L, size=G.S):
    """img float32 (H,W,3) in [0,1]; returns the (size,size,3) crop and landmarks in crop pixels, and the
    photo pixels spanned by one output pixel (scale)."""
    c, x, y = G.crop_frame(L)
    scale = 2.0 * np.linalg.norm(x) / size
    src = img
    if scale > 1:
        sig = 0.5 * (scale - 1)
        src = np.stack([ndimage.gaussian_filter(img[..., ch], sig, mode='nearest', truncate=4.0)
                        for ch in range(3)], axis=-1)
    t = (np.arange(size) - (size - 1) / 2) / (size / 2)
    uu, vv = np.meshgrid(t, t, indexing='xy')             # uu varies along columns (u), vv along rows (v)
    px = c[0] + uu * x[0] + vv * y[0]
    py = c[1] + uu * x[1] + vv * y[1]
    out = np.stack([ndimage.map_coordinates(src[..., ch], [py, px], order=1, mode='nearest')
                    for ch in range(3)], axis=-1)
    return out, G.photo_to_crop(L, c, x, y, size), scale


def crop_files(data_dir, man, lms, source_side_factor=1.0):
    """Canonical 128 crops of every usable file of a manifest. source_side_factor converts the manifest's
    source_face_side_px to the crop-side convention of celeba-faces (LFW states a face-box side: 2.0).
    Returns (arrays dict, kept files, rejected {file: reason})."""
    files = sorted(man)
    rejected = {}
    imgs, lm_out, kept, idents, scales, srcres = [], [], [], [], [], []
    t0 = time.time()
    for n, f in enumerate(files):
        L = lms.get(f)
        path = os.path.join(data_dir, f)
        if L is None or not os.path.exists(path):
            rejected[f] = 'missing'
            continue
        im = Image.open(path).convert('RGB')
        side = max(im.size)
        why = landmark_problem(L, side)
        if why:
            rejected[f] = why
            continue
        a = np.asarray(im, np.float32) / 255.0
        crop, Lc, sc = canonical_crop(a, L)
        if (Lc < 0).any() or (Lc > G.S - 1).any():
            rejected[f] = 'landmarks outside canonical crop'
            continue
        imgs.append(np.clip(np.round(crop * 255), 0, 255).astype(np.uint8))
        lm_out.append(Lc.astype(np.float32))
        kept.append(f)
        idents.append(man[f]['identity'])
        scales.append(sc)
        # photo pixels per output pixel in the original source (before the dataset's own downsizing)
        srcres.append(sc * source_side_factor * int(man[f]['source_face_side_px']) / side)
        if n % 500 == 0:
            print('%d/%d  %.0fs' % (n, len(files), time.time() - t0), flush=True)
    arrays = dict(imgs=np.stack(imgs), lms=np.stack(lm_out), files=np.array(kept), identities=np.array(idents),
                  scale=np.array(scales, np.float32), source_scale=np.array(srcres, np.float32))
    return arrays, kept, rejected


def _reasons(rejected):
    reasons = {}
    for r in rejected.values():
        reasons[r] = reasons.get(r, 0) + 1
    return reasons


def save_npz(path, arrays):
    """np.savez of `arrays` to `path`, whole or not at all (a later run skips a part whose npz exists)."""
    with replacing(path) as tmp, open(tmp, 'wb') as f:
        np.savez(f, **arrays)


def prep(data_dir, cache_dir, split_json=SPLIT_JSON):
    man, lms = read_csvs(data_dir)
    files = sorted(man)
    arrays, kept, rejected = crop_files(data_dir, man, lms)
    idents = list(arrays['identities'])
    os.makedirs(cache_dir, exist_ok=True)
    save_npz(os.path.join(cache_dir, NPZ), arrays)
    if G.S != 128:
        print('kept %d of %d at %d (split.json unchanged)' % (len(kept), len(files), G.S))
        return
    train, val = make_split(man[f]['identity'] for f in files)
    reasons = _reasons(rejected)
    kept_set = set(idents)
    split = dict(
        rule='identities sorted numerically; every 5th (index % 5 == 4) is validation',
        train_identities=train, val_identities=val,
        counts=dict(images_total=len(files), images_kept=len(kept),
                    train_images=sum(i in set(train) for i in idents),
                    val_images=sum(i in set(val) for i in idents),
                    train_identities=len([i for i in train if i in kept_set]),
                    val_identities=len([i for i in val if i in kept_set])),
        rejected_reasons=reasons, rejected=dict(sorted(rejected.items())))
    with replacing(split_json) as tmp, open(tmp, 'w') as f:
        json.dump(split, f, indent=1)
    print('kept %d of %d, rejected %s' % (len(kept), len(files), reasons))


def make_lfw_split(identities, every=10):
    """Deterministic identity split of LFW: names sorted, every 10th (index % 10 == 9) -> LFW validation."""
    ids = sorted(set(identities))
    return [i for n, i in enumerate(ids) if n % every != every - 1], [i for n, i in enumerate(ids) if n % every == every - 1]


def prep_lfw(data_dir, cache_dir, split_json=SPLIT_LFW_JSON):
    """LFW (deep-funneled, 250x250) -> <cache>/faces128-lfw.npz (identities prefixed 'lfw/') + split-lfw.json.
    The LFW validation identities never enter training; the CelebA validation split stays THE validation set."""
    man, lms = read_csvs(data_dir)
    arrays, kept, rejected = crop_files(data_dir, man, lms, source_side_factor=2.0)
    arrays['identities'] = np.array([LFW_PREFIX + i for i in arrays['identities']])
    os.makedirs(cache_dir, exist_ok=True)
    save_npz(os.path.join(cache_dir, 'faces128-lfw.npz'), arrays)
    train, val = make_lfw_split(LFW_PREFIX + man[f]['identity'] for f in man)
    idents = list(arrays['identities'])
    kept_set = set(idents)
    split = dict(
        rule="LFW person names (prefixed 'lfw/') sorted; every 10th (index % 10 == 9) is LFW validation, "
             "never trained on; CelebA's split.json validation stays the reported validation set",
        train_identities=train, val_identities=val,
        counts=dict(images_total=len(man), images_kept=len(kept),
                    train_images=sum(i in set(train) for i in idents), val_images=sum(i in set(val) for i in idents),
                    train_identities=len([i for i in train if i in kept_set]),
                    val_identities=len([i for i in val if i in kept_set])),
        rejected_reasons=_reasons(rejected), rejected=dict(sorted(rejected.items())))
    with replacing(split_json) as tmp, open(tmp, 'w') as f:
        json.dump(split, f, indent=1)
    print('LFW: kept %d of %d, rejected %s' % (len(kept), len(man), split['rejected_reasons']))


class FaceSet:
    """The cached crops of one split, grouped by identity (identities with >= 2 images only).
    split: 'train' | 'val' (CelebA, split.json) | 'lfw-val' (LFW held-out identities, split-lfw.json).
    lfw=True with split 'train' adds the LFW training identities (faces128-lfw.npz) to the CelebA ones."""

    def __init__(self, cache_dir=DEFAULT_CACHE, split='train', split_json=SPLIT_JSON, lfw=False,
                 split_lfw_json=SPLIT_LFW_JSON):
        parts = []
        if split in ('train', 'val'):
            parts.append((NPZ, split_json, 'train_identities' if split == 'train' else 'val_identities'))
        if split == 'lfw-val' or (lfw and split == 'train'):
            parts.append(('faces128-lfw.npz', split_lfw_json,
                          'val_identities' if split == 'lfw-val' else 'train_identities'))
        if not parts:
            raise ValueError(split)
        imgs, lms, files, idents, scales = [], [], [], [], []
        for npz, sj, key in parts:
            z = np.load(os.path.join(cache_dir, npz))
            want = set(json.load(open(sj))[key])
            ident = z['identities']
            sel = np.array([i in want for i in ident])
            imgs.append(z['imgs'][sel]); lms.append(z['lms'][sel].astype(np.float64))
            files.append(z['files'][sel]); idents.append(ident[sel]); scales.append(z['scale'][sel])
        self.imgs = np.concatenate(imgs)
        self.lms = np.concatenate(lms)
        self.files = np.concatenate(files)
        self.identities = np.concatenate(idents)
        self.scale = np.concatenate(scales)
        groups = {}
        for n, i in enumerate(self.identities):
            groups.setdefault(i, []).append(n)
        self.groups = {k: np.array(v) for k, v in groups.items() if len(v) >= 2}
        self.targets = np.concatenate([v for v in self.groups.values()]) if self.groups else np.zeros(0, int)
        self.targets = self.targets[self.scale[self.targets] >= MIN_TARGET_SCALE]   # exemplars may be softer
        self.targets.sort()

    def __len__(self):
        return len(self.targets)

    def image(self, n):
        return self.imgs[n].astype(np.float32).transpose(2, 0, 1) / 255.0   # (3,S,S) [0,1]

    def exemplars(self, n, rng, kmin=3, kmax=10):
        """Random exemplar indices of the same identity (not n itself): K in kmin..kmax, capped by what exists."""
        others = self.groups[self.identities[n]]
        others = others[others != n]
        k = min(len(others), int(rng.integers(kmin, kmax + 1)))
        return rng.choice(others, size=k, replace=False)

    def wrong_exemplars(self, n, rng, kmin=3, kmax=10):
        """Like exemplars, but from one other identity (chosen by rng): the 'wrong exemplar' control."""
        keys = sorted(k for k in self.groups if k != self.identities[n])
        others = self.groups[keys[int(rng.integers(len(keys)))]]
        k = min(len(others), int(rng.integers(kmin, kmax + 1)))
        return rng.choice(others, size=k, replace=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=DEFAULT_DATA)
    ap.add_argument('--lfw', default=DEFAULT_LFW)
    ap.add_argument('--cache', default=DEFAULT_CACHE)
    ap.add_argument('--force', action='store_true', help='redo parts whose npz already exists')
    a = ap.parse_args()
    if a.force or not os.path.exists(os.path.join(a.cache, NPZ)):
        prep(a.data, a.cache)
    if G.S == 128 and a.lfw and (a.force or not os.path.exists(os.path.join(a.cache, 'faces128-lfw.npz'))):
        prep_lfw(a.lfw, a.cache)


if __name__ == '__main__':
    main()
