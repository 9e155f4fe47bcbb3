"""The 256x256 model against the 128 model on faces that large: PSNR / SSIM / sharpness at x4 and x8 (Python).

    ASFFNET_SIZE=256 /usr/bin/python3 training/eval256.py --large training/runs/s256/best-guided.pt \
        --small training/runs/medium_det/best-guided.pt [--count N] [--out training/exports/eval-256.json]

Targets: the validation identities' 256x256 canonical crops from at least 0.75 source pixels per output pixel
(faces256.npz, data.MIN_TARGET_SCALE), degraded by Eqn 18 at 256 with the seeded evaluation parameters
(degrade.fixed_params) and bicubic-upsampled back to 256. Exemplars and selection as in eval.py.
Landmarks of the degraded face: 'detected' = the packaged robust 68-point net on the degraded image and its
mirror image (batches.DetectedLandmarks, the Java front end's whole-image path), or 'reference' (the crop's
landmarks plus the usual 1 px-at-128 jitter), as an upper bound.
Rows per scale and landmark source:
  bicubic   the degraded input itself (256);
  small     the 128 model on the input reduced to 128 (PIL bicubic, antialiased), its guidance and landmarks
            reduced the same way, its 128 output bicubic-upsampled to 256: what a restorer without the large
            model returns for such a face;
  large     the 256 model on the 256 input.
Sharpness: mean over targets of var(Laplacian [0 1 0; 1 -4 1; 0 1 0] of the BT.601 luma, interior) of the
result over that of the ground truth (as the Java ImageQuality.laplacianVariance).
"""
import argparse, json, os, sys, time
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asffnet import batches as B
from asffnet import data as DATA
from asffnet import degrade as D
from asffnet import geometry as G
from asffnet.files import replacing
from eval import psnr, ssim, run
from export import load

ROBUST = os.path.join(HERE, '..', 'asffnet-models', 'src', 'main', 'resources', 'dev', 'asffnet', 'models', 'face',
                      'face_landmark_68_robust.onnx')


def laplacian_variance(x):
    """x (N,3,H,W) in [0,1] -> (N,) variance of the 3x3 Laplacian of the luma over the valid interior."""
    y = 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]
    lap = y[:, :-2, 1:-1] + y[:, 2:, 1:-1] + y[:, 1:-1, :-2] + y[:, 1:-1, 2:] - 4 * y[:, 1:-1, 1:-1]
    return lap.flatten(1).var(1, unbiased=False)


def half(L):
    """Landmarks of a 256 crop -> the same points in the 128 crop (pixel centres at integers)."""
    return (np.asarray(L, np.float64) + 0.5) / 2 - 0.5


def small_inputs(samples):
    """The 128 model's inputs for 256 samples: images reduced by PIL bicubic, landmarks halved."""
    out = {k: [] for k in ('degraded', 'guidance', 'warp_grid', 'landmark_map')}
    for s in samples:
        Ld, Lg = half(s['Ld']), half(s['Lgs'][s['k']])
        out['degraded'].append(D.resize_bicubic(s['degraded'], 128, 128))
        out['guidance'].append(D.resize_bicubic(s['guidance'], 128, 128))
        out['warp_grid'].append(G.mls_grid(Ld, Lg, fs=32))
        out['landmark_map'].append(G.landmark_map(Ld, size=128))
    return {k: torch.from_numpy(np.ascontiguousarray(np.stack(v), dtype=np.float32)) for k, v in out.items()}


def up(x, size):
    return torch.from_numpy(np.stack([np.clip(D.resize_bicubic(i, size, size), 0, 1) for i in x.numpy()]))


def rows(target, outs):
    ref = laplacian_variance(target)
    return {name: dict(psnr=float(psnr(o, target).mean()), ssim=float(ssim(o, target).mean()),
                       sharpness=float((laplacian_variance(o) / ref.clamp_min(1e-12)).mean()))
            for name, o in outs.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--large', required=True, help='checkpoint of the 256 model')
    ap.add_argument('--small', required=True, help='checkpoint of the 128 model')
    ap.add_argument('--count', type=int, default=0, help='validation targets (0: all)')
    ap.add_argument('--scales', type=float, nargs='+', default=[4.0, 8.0])
    ap.add_argument('--cache', default=DATA.DEFAULT_CACHE)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', default='')
    a = ap.parse_args()
    if G.S != 256:
        sys.exit('run with ASFFNET_SIZE=256')
    torch.set_num_threads(a.threads)
    large, lmeta = load(a.large)
    small, smeta = load(a.small)
    val = DATA.FaceSet(a.cache, 'val')
    count = a.count or None
    t0 = time.time()
    res = dict(command=' '.join(sys.argv), targets=len(val.targets) if count is None else count,
               large=dict(ckpt=a.large, **lmeta), small=dict(ckpt=a.small, **smeta), rows={})
    detector = B.DetectedLandmarks(ROBUST)
    for s in a.scales:
        for lm in ('detected', 'reference'):
            ss = B.val_samples(val, s, count, detector=detector if lm == 'detected' else None)
            vb = B.collate(ss)
            target = vb['target']
            outs = dict(bicubic=vb['degraded'].clamp(0, 1), small=up(run(small, small_inputs(ss)), 256),
                        large=run(large, vb))
            r = rows(target, outs)
            res['rows']['x%g/%s' % (s, lm)] = r
            print('x%g %-9s' % (s, lm), '  '.join('%s %.2f dB / %.4f / sharp %.3f' % (k, v['psnr'], v['ssim'], v['sharpness'])
                                              for k, v in r.items()), '%.0fs' % (time.time() - t0), flush=True)
    res['seconds'] = round(time.time() - t0, 1)
    if a.out:
        with replacing(a.out) as tmp, open(tmp, 'w') as f:
            json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
