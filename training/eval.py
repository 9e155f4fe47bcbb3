"""PSNR / SSIM on the identity-disjoint validation split at fixed x4 and x8 degradations (seeded).

    /usr/bin/python3 training/eval.py --guided training/runs/main/best-guided.pt \
        --unguided training/runs/main/best-unguided.pt [--count N] [--out training/exports/eval-full.json]

Rows: bicubic (the degraded input, i.e. the x4/x8 image bicubic-upsampled to 128), unguided model, guided with
the selected exemplar (Eqn 2, uniform weights), guided with a random exemplar of the same identity (same
exemplar set, same degraded image); --guided-old: the same two rows for a second guided checkpoint
(guided_old_*); --wrong: guided with exemplars of another identity (guided_wrong_identity; same degraded image);
--landmark-noise L: guided rows with detector-like noise of level L on the degraded-side landmarks; with --flip-ensemble also unguided and guided (selected) averaged with
their left-right mirrored run (test-time self-ensemble, twice the cost). Outputs are clamped to [0,1]; metrics on float RGB.
PSNR: 10 log10(1/MSE) per image over all RGB pixels, averaged over images.
SSIM: Wang et al. 2004 per channel with an 11x11 Gaussian window (sigma 1.5, valid region), C1=(0.01)^2,
C2=(0.03)^2 (data range 1), averaged over channels and images.
"""
import argparse, json, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asffnet import batches as B
from asffnet import data as DATA
from export import load


def _gauss_window(size=11, sigma=1.5):
    x = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    g = torch.exp(-x ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :])


_W = _gauss_window().float()


def ssim(a, b):
    """a, b (N,3,H,W) in [0,1] -> (N,) mean SSIM over channels."""
    c = a.shape[1]
    w = _W.expand(c, 1, 11, 11)
    C1, C2 = 0.01 ** 2, 0.03 ** 2
    mu_a = F.conv2d(a, w, groups=c)
    mu_b = F.conv2d(b, w, groups=c)
    saa = F.conv2d(a * a, w, groups=c) - mu_a ** 2
    sbb = F.conv2d(b * b, w, groups=c) - mu_b ** 2
    sab = F.conv2d(a * b, w, groups=c) - mu_a * mu_b
    m = ((2 * mu_a * mu_b + C1) * (2 * sab + C2)) / ((mu_a ** 2 + mu_b ** 2 + C1) * (saa + sbb + C2))
    return m.flatten(1).mean(1)


def psnr(a, b):
    mse = ((a - b) ** 2).flatten(1).mean(1)
    return 10 * torch.log10(1.0 / mse.clamp_min(1e-12))


def run(model, vb):
    outs = []
    with torch.no_grad():
        for i in range(0, vb['degraded'].shape[0], 8):
            sl = {k: v[i:i + 8] for k, v in vb.items()}
            outs.append(model(sl['degraded'], sl['guidance'], sl['warp_grid'], sl['landmark_map']).clamp(0, 1))
    return torch.cat(outs)


def flipped(vb):
    """The same samples mirrored left-right: images and landmark map flipped along W; the warp grid (N,h,w,2,
    normalised x,y) flipped along w with its x negated, which is the MLS grid of the mirrored landmarks."""
    o = {k: v.flip(-1) for k, v in vb.items() if k != 'warp_grid'}
    g = vb['warp_grid'].flip(2).clone()
    g[..., 0] = -g[..., 0]
    o['warp_grid'] = g
    return o


def run_flip_ensemble(model, vb):
    """Test-time self-ensemble: mean of the output and the un-mirrored output on the mirrored input."""
    return (run(model, vb) + run(model, flipped(vb)).flip(-1)) / 2


def scores(out, target):
    return dict(psnr=float(psnr(out, target).mean()), ssim=float(ssim(out, target).mean()))


def samples(val, s, cnt, kind, lm_noise, cache_dir):
    """Collated validation samples of one kind ('selected', 'random', 'wrong') at scale s, cached as npz."""
    path = None
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
        path = os.path.join(cache_dir, 'x%g-%s-n%s-noise%g.npz' % (s, kind, cnt or 'all', lm_noise))
        if os.path.exists(path):
            z = np.load(path)
            return {k: torch.from_numpy(z[k]) for k in B.KEYS}
    b = B.collate(B.val_samples(val, s, cnt, select='random' if kind == 'random' else 'affine',
                                wrong=kind == 'wrong', lm_noise=lm_noise))
    if path:
        DATA.save_npz(path, {k: v.numpy() for k, v in b.items()})
    return b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--guided', default='', help='guided checkpoint (rows guided_selected, guided_random)')
    ap.add_argument('--unguided', default='')
    ap.add_argument('--guided-old', default='', help='a second guided checkpoint for comparison (rows guided_old_*)')
    ap.add_argument('--wrong', action='store_true',
                    help='row guided_wrong_identity: --guided with exemplars of another identity (same degraded input)')
    ap.add_argument('--landmark-noise', type=float, default=0.0,
                    help='also rows *_noisy_landmarks: the degraded-side landmarks with detector noise of this level '
                         '(batches.detector_noise, units of the outer-eye-corner distance)')
    ap.add_argument('--no-random', action='store_true', help='skip the guided_random rows (same-identity random exemplar)')
    ap.add_argument('--prepare-wrong', action='store_true', help='only build (and cache) the wrong-identity samples')
    ap.add_argument('--split', default='val', choices=['val', 'lfw-val'])
    ap.add_argument('--merge', action='store_true', help='keep the rows already in --out that are not recomputed')
    ap.add_argument('--sample-cache', default='', help='folder to cache the collated validation samples in')
    ap.add_argument('--count', type=int, default=0, help='validation targets used (0: all)')
    ap.add_argument('--scales', type=float, nargs='+', default=[4.0, 8.0])
    ap.add_argument('--cache', default=DATA.DEFAULT_CACHE)
    ap.add_argument('--out', default='')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--flip-ensemble', action='store_true',
                    help='also report unguided and guided (selected) with a left-right flip self-ensemble')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    g, gmeta = load(a.guided, 'guided') if a.guided else (None, None)
    go, gometa = load(a.guided_old, 'guided') if a.guided_old else (None, None)
    u, umeta = load(a.unguided, 'unguided') if a.unguided else (None, None)
    val = DATA.FaceSet(a.cache, a.split)
    res = dict(command='/usr/bin/python3 ' + ' '.join(sys.argv), split=a.split, split_images=len(val), results={})
    if a.merge and a.out and os.path.exists(a.out):
        res = json.load(open(a.out))
        res['command'] = res.get('command', '') + ' ; /usr/bin/python3 ' + ' '.join(sys.argv)
    if g is not None:
        res['guided'] = dict(ckpt=a.guided, **gmeta)
    if u is not None:
        res['unguided'] = dict(ckpt=a.unguided, **umeta)
    if go is not None:
        res['guided_old'] = dict(ckpt=a.guided_old, **gometa)
    t0 = time.time()
    cnt = a.count or None
    for s in a.scales:
        sel = samples(val, s, cnt, 'selected', 0.0, a.sample_cache)
        r = res['results'].setdefault('x%g' % s, {})
        r.update(n=int(sel['target'].shape[0]), bicubic=scores(sel['degraded'], sel['target']))
        if u is not None:
            r['unguided'] = scores(run(u, sel), sel['target'])
        for m, pre in ((g, 'guided'), (go, 'guided_old')):
            if m is None:
                continue
            r[pre + '_selected'] = scores(run(m, sel), sel['target'])
            if not a.no_random:
                rnd = samples(val, s, cnt, 'random', 0.0, a.sample_cache)
                r[pre + '_random'] = scores(run(m, rnd), rnd['target'])
            if a.landmark_noise > 0:
                nz = samples(val, s, cnt, 'selected', a.landmark_noise, a.sample_cache)
                r[pre + '_selected_noisy_landmarks'] = scores(run(m, nz), nz['target'])
        if a.landmark_noise > 0:
            r['landmark_noise_level'] = a.landmark_noise
        if a.prepare_wrong:
            samples(val, s, cnt, 'wrong', 0.0, a.sample_cache)
        if a.wrong and g is not None:
            wr = samples(val, s, cnt, 'wrong', 0.0, a.sample_cache)
            r['guided_wrong_identity'] = scores(run(g, wr), wr['target'])
        if a.flip_ensemble:
            if u is not None:
                r['unguided_flip_ensemble'] = scores(run_flip_ensemble(u, sel), sel['target'])
            if g is not None:
                r['guided_selected_flip_ensemble'] = scores(run_flip_ensemble(g, sel), sel['target'])
        print('x%g' % s, json.dumps(r), '%.0fs' % (time.time() - t0), flush=True)
    cols = ['bicubic', 'unguided', 'guided_old_selected', 'guided_selected', 'guided_random', 'guided_wrong_identity',
            'guided_old_selected_noisy_landmarks', 'guided_selected_noisy_landmarks']
    print('\n| scale | n | ' + ' | '.join(cols) + ' |')
    print('|---|---|' + '---|' * len(cols))
    for k, r in res['results'].items():
        f = lambda d: '%.2f dB / %.4f' % (d['psnr'], d['ssim']) if d else '-'
        print('| %s | %d | %s |' % (k, r['n'], ' | '.join(f(r.get(c)) for c in cols)))
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        json.dump(res, open(a.out, 'w'), indent=1)


if __name__ == '__main__':
    main()
