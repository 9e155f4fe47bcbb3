"""Build the canonical 128x128 crops (docs/conventions.md framing, via asffnet.data.canonical_crop) of
celeba-faces and lfw-train with their reference landmarks mapped into the crop, and the
identity-disjoint train/validation flags. Writes <cache>/crops128.npz (NOT part of the repository: it is
derived from the data sets, whose licences forbid redistribution).

    cd training && /usr/bin/python3 -m landmarks.prep [--cache DIR]  (default $ASFFNET_CACHE/landmarks, else training/cache/landmarks)

Validation: celeba-faces identities listed in training/split.json `val_identities`; lfw-train people
with zlib.crc32(name) % 10 == 0 (deterministic ~10%). Images rejected by asffnet.data.landmark_problem
(and celeba files rejected in split.json) or whose landmarks leave the canonical crop are skipped.
"""
import argparse, json, os, time, zlib
import numpy as np
from PIL import Image

from asffnet import data as D

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = '/work/shared/data'
DEFAULT_CACHE = os.path.join(os.environ.get('ASFFNET_CACHE') or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'cache'), 'landmarks')


def lfw_is_val(name):
    return zlib.crc32(name.encode('utf-8')) % 10 == 0


def build(cache):
    split = json.load(open(os.path.join(HERE, '..', 'split.json')))
    celeba_val = set(split['val_identities'])
    celeba_rej = set(split['rejected'])
    imgs, lms, files, idents, dsets, isval = [], [], [], [], [], []
    skipped = {}
    t0 = time.time()
    for ds in ('celeba-faces', 'lfw-train'):
        man, ref = D.read_csvs(os.path.join(DATA, ds))
        for n, f in enumerate(sorted(man)):
            L = ref.get(f)
            path = os.path.join(DATA, ds, f)
            why = None
            if L is None or not os.path.exists(path):
                why = 'missing'
            elif ds == 'celeba-faces' and f in celeba_rej:
                why = 'rejected in split.json'
            im = None
            if why is None:
                im = Image.open(path).convert('RGB')
                why = D.landmark_problem(L, max(im.size))
            if why is None:
                crop, Lc, _ = D.canonical_crop(np.asarray(im, np.float32) / 255.0, L)
                if (Lc < 0).any() or (Lc > 127).any():
                    why = 'outside canonical crop'
            if why:
                skipped[ds + ': ' + why] = skipped.get(ds + ': ' + why, 0) + 1
                continue
            ident = man[f]['identity']
            imgs.append(np.clip(np.round(crop * 255), 0, 255).astype(np.uint8))
            lms.append(Lc.astype(np.float32))
            files.append(ds + '/' + f)
            idents.append(ident)
            dsets.append(ds)
            isval.append(ident in celeba_val if ds == 'celeba-faces' else lfw_is_val(ident))
            if n % 1000 == 0:
                print(ds, n, len(man), '%.0fs' % (time.time() - t0), flush=True)
    os.makedirs(cache, exist_ok=True)
    tmp = os.path.join(cache, 'crops128.tmp.npz')
    np.savez(tmp, imgs=np.stack(imgs), lms=np.stack(lms), files=np.array(files), identities=np.array(idents),
             datasets=np.array(dsets), val=np.array(isval))
    os.replace(tmp, os.path.join(cache, 'crops128.npz'))
    isval = np.array(isval)
    dsets = np.array(dsets)
    for ds in ('celeba-faces', 'lfw-train'):
        s = dsets == ds
        print('%s: train %d, val %d images' % (ds, (s & ~isval).sum(), (s & isval).sum()))
    print('skipped', skipped)


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', default=DEFAULT_CACHE)
    build(ap.parse_args().cache)
