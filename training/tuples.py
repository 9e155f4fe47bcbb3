"""Tuples for learning the landmark weights of Eqn 2 with the hinge loss of Eqn 4.

For each sample (degraded face with its exemplar set), run the guided model once per candidate exemplar and
record the reconstruction MSE; the candidate with the lowest MSE is k*. With --draws R the MSE is averaged over R
independent degradations of the same target (same landmarks, same candidates), which makes k* less noisy: a single
draw of blur, noise and JPEG often changes which exemplar wins by less than the draw-to-draw spread.

    /usr/bin/python3 training/tuples.py --ckpt training/runs/main/best-guided.pt --split train --count 300 \
        --out training/exports/weight_tuples.csv [--fit training/exports/landmark-weights-numpy.txt]

CSV (long format, one row per candidate): sample, k, best_k, n_candidates, mse, then ld_x0, ld_y0, ...,
ld_x67, ld_y67 (degraded landmarks, 128 frame, as the model saw them), then lg_x0, lg_y0, ..., lg_y67
(candidate landmarks). Rows of one sample are consecutive; best_k repeats on every row.

--fit also fits 68 weights (w = softplus(theta), rescaled to mean 1) by Adam on Eqn 4 averaged over the samples,
as a cross-check for the Java LandmarkWeights learner; it prints the top-1 agreement with k* for uniform and
fitted weights.
"""
import argparse, csv, os, sys, time
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asffnet import batches as B
from asffnet import data as DATA
from asffnet import degrade as D
from asffnet import geometry as G
from export import load


def make_tuples(model, fs, count, seed, scale_choices=(4.0, 8.0), draws=1):
    rows = []
    targets = fs.targets[np.linspace(0, len(fs.targets) - 1, count).astype(int)]
    for si, n in enumerate(targets):
        rng = np.random.default_rng([seed, 11, int(n)])
        img = fs.image(n)
        ex = fs.exemplars(n, rng, 3, 10)
        if len(ex) < 2:
            continue
        Ld = fs.lms[n] + rng.normal(0, B.LANDMARK_JITTER, (68, 2))
        scale = float(scale_choices[si % len(scale_choices)])
        Lgs = fs.lms[ex]
        t = torch.from_numpy
        k = len(ex)
        gui = t(np.stack([fs.image(e) for e in ex]))
        grid = t(np.stack([G.mls_grid(Ld, Lg) for Lg in Lgs]))
        lmap = t(np.repeat(G.landmark_map(Ld)[None], k, 0))
        mse = np.zeros(k)
        for r in range(draws):
            deg = D.degrade(img, D.fixed_params(scale, int(n), seed + 7919 * r))
            degb = t(np.repeat(deg[None], k, 0))
            with torch.no_grad():
                out = model(degb, gui, grid, lmap).clamp(0, 1)
            mse += ((out - t(img)[None]) ** 2).flatten(1).mean(1).numpy() / draws
        best = int(np.argmin(mse))
        for j in range(k):
            rows.append([si, j, best, k, float(mse[j])] + Ld.ravel().tolist() + Lgs[j].ravel().tolist())
    return rows


def fit_weights(rows, steps=400, lr=0.05):
    """Eqn 4 hinge loss, w = softplus(theta) normalised to mean 1, float64 torch autograd."""
    groups = {}
    for r in rows:
        groups.setdefault(r[0], []).append(r)
    data = []
    for g in groups.values():
        Ld = torch.tensor(g[0][5:5 + 136], dtype=torch.float64).view(68, 2)
        Lgs = torch.tensor([r[5 + 136:] for r in g], dtype=torch.float64).view(-1, 68, 2)
        data.append((Ld, Lgs, g[0][2]))

    def dist2(Ld, Lgs, w):
        Gh = torch.cat([Lgs, torch.ones(Lgs.shape[0], 68, 1, dtype=torch.float64)], 2).transpose(1, 2)  # K,3,68
        GW = Gh * w
        A = torch.linalg.solve(GW @ Gh.transpose(1, 2), (Ld.T[None] @ GW.transpose(1, 2)).transpose(1, 2)).transpose(1, 2)
        r = (A @ Gh).transpose(1, 2) - Ld
        return (w * (r ** 2).sum(-1)).sum(-1)

    def top1(w):
        return np.mean([int(torch.argmin(dist2(Ld, Lgs, w))) == k for Ld, Lgs, k in data])

    theta = torch.zeros(68, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([theta], lr=lr)
    sp = torch.nn.functional.softplus
    for it in range(steps):
        w = sp(theta)
        w = w * 68 / w.sum()
        loss = 0
        for Ld, Lgs, k in data:
            d = dist2(Ld, Lgs, w)
            mask = torch.ones_like(d, dtype=torch.bool)
            mask[k] = False
            loss = loss + torch.clamp(1 - (d[mask] - d[k]), min=0).sum()
        loss = loss / len(data)
        opt.zero_grad()
        loss.backward()
        opt.step()
    w = sp(theta).detach()
    w = w * 68 / w.sum()
    return w.numpy(), float(loss), top1(torch.ones(68, dtype=torch.float64)), top1(w)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--split', default='train', choices=['train', 'val'])
    ap.add_argument('--count', type=int, default=300)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--cache', default=DATA.DEFAULT_CACHE)
    ap.add_argument('--out', default=os.path.join(HERE, 'exports', 'weight_tuples.csv'))
    ap.add_argument('--fit', default='')
    ap.add_argument('--draws', type=int, default=1, help='degradation draws averaged per candidate MSE')
    a = ap.parse_args()
    torch.set_num_threads(1)
    model, meta = load(a.ckpt, 'guided')
    fs = DATA.FaceSet(a.cache, a.split)
    t0 = time.time()
    rows = make_tuples(model, fs, a.count, a.seed, draws=a.draws)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['sample', 'k', 'best_k', 'n_candidates', 'mse']
                   + ['ld_%s%d' % (c, m) for m in range(68) for c in 'xy']
                   + ['lg_%s%d' % (c, m) for m in range(68) for c in 'xy'])
        for r in rows:
            w.writerow(r[:4] + ['%.7g' % r[4]] + ['%.4f' % v for v in r[5:]])
    print('%d rows, %d samples, %.0fs -> %s' % (len(rows), len(set(r[0] for r in rows)), time.time() - t0, a.out))
    if a.fit:
        wts, loss, t_uni, t_fit = fit_weights(rows)
        with open(a.fit, 'w') as f:
            f.write('# ASFFNet landmark weights w_m (Eqn 2), iBUG 68 order, one per line\n')
            f.write('# numpy/torch cross-check fit of Eqn 4 on %s (%d samples); hinge loss %.4f; '
                    'top-1 agreement with k*: uniform %.3f, fitted %.3f\n' % (os.path.basename(a.out),
                                                                             len(set(r[0] for r in rows)), loss, t_uni, t_fit))
            for v in wts:
                f.write('%r\n' % float(v))
        print('fit: loss %.4f, top-1 uniform %.3f fitted %.3f -> %s' % (loss, t_uni, t_fit, a.fit))


if __name__ == '__main__':
    main()
