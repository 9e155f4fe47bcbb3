"""Writes the Java-side geometry fixtures from the Python reference implementation:

  asffnet-geometry/src/test/resources/dev/asffnet/geometry/mls_grid_fixture.json
  asffnet-geometry/src/test/resources/dev/asffnet/geometry/bicubic_fixture.json

    /usr/bin/python3 training/fixtures.py [--cache $ASFFNET_CACHE (default training/cache)]
"""
import argparse, json, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asffnet import geometry as G
from asffnet import degrade as D
from asffnet import data as DATA

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'asffnet-geometry', 'src', 'test', 'resources', 'dev', 'asffnet', 'geometry')


def r(a, nd=9):
    return np.round(np.asarray(a, np.float64), nd).tolist()


def mls_cases(cache):
    rng = np.random.default_rng(20261125)
    cases = []
    lms = None
    p = os.path.join(cache, 'faces128.npz')
    if os.path.exists(p):
        lms = np.load(p)['lms'].astype(np.float64)
    for c in range(5):
        if lms is not None:
            Lg = lms[rng.integers(len(lms))]
            Ld = lms[rng.integers(len(lms))] + rng.normal(0, 1.0, (68, 2))
        else:
            Lg = rng.uniform(20, 108, (68, 2))
            Ld = Lg + rng.normal(0, 3, (68, 2))
        note = 'real canonical-crop landmarks (degraded: another face + N(0,1px))'
        if c == 3:
            # exact hit: landmark 30 lands on feature position (10, 12): x = 4*xf + 1.5
            Ld[30] = [4 * 10 + 1.5, 4 * 12 + 1.5]
            note = 'landmark 30 exactly on feature grid point (10,12): source must equal Lg[30] in feature pixels'
        if c == 4:
            Ld[0] = [-1.2, 60.3]          # partly outside the image: landmark map skips those pixels
            Ld[16] = [127.6, 127.4]
            note = 'landmarks 0 and 16 at/over the image border: map pixels outside are skipped'
        grid = G.mls_grid(Ld, Lg)
        cases.append(dict(note=note, degraded=r(Ld), guidance=r(Lg),
                          grid=np.asarray(grid, np.float64).round(7).tolist(),
                          landmark_map_indices=G.landmark_map_indices(Ld)))
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', default=DATA.DEFAULT_CACHE)
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    doc = dict(
        description='MLS backward warp grid (Eqn 5, docs/conventions.md) and landmark map, from training/asffnet/geometry.py',
        convention='landmarks (68 x [x,y]) in 128x128 image pixels; grid[y][x] = [gx, gy] for feature position (x,y), '
                   'gx = 2*src_x/31 - 1 with src from MLS on xf = (x+0.5)/4-0.5 landmarks; float64 computation '
                   'rounded to 7 decimals (stored as float32 in the model input); landmark_map_indices = sorted '
                   'y*128+x of pixels set to 1.0',
        tolerance=1e-5, cases=mls_cases(a.cache))
    with open(os.path.join(OUT, 'mls_grid_fixture.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))

    rng = np.random.default_rng(7)
    img = rng.random((3, 20, 17)).astype(np.float32)
    down = D.resize_bicubic(img, 9, 7)
    up = D.resize_bicubic(img, 33, 41)
    doc = dict(
        description="PIL Image.resize(BICUBIC) on float32 'F' planes (Pillow %s), per channel; arrays are "
                    "[channel][row][column]" % __import__('PIL').__version__,
        input_shape=[3, 20, 17], input=img.astype(np.float64).tolist(),
        down=dict(height=7, width=9, output=down.astype(np.float64).tolist()),
        up=dict(height=41, width=33, output=up.astype(np.float64).tolist()),
        tolerance=1e-5)
    with open(os.path.join(OUT, 'bicubic_fixture.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
