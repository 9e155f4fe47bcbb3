"""Fine-tune face-api's 68-point landmark net on degraded canonical crops (CPU, resumable).

    cd training && nice -n 10 /usr/bin/python3 -m landmarks.train --run runs/robust1 --minutes 75

Rerunning the same command resumes from <run>/last.pt (training time already spent counts against
--minutes). Logs <run>/log.csv; keeps last.pt (every --ckpt-min minutes), best.pt (lowest validation
NME, x4+x8 averaged) and a snapshot step_XXXXXX.pt every --snap-min minutes.

Sample: a training crop (128x128 canonical framing, reference landmarks mapped in), random horizontal
flip (iBUG permutation), Eqn 18 degradation (asffnet.degrade) with scale s in 2..8 (80%) or clean /
mild s in 1..2 (20%), bicubic back to 128 (or, 20% of degraded samples, kept at the small size 128/s);
box = the whole crop (30%) or the refinement box of the CLEAN reference landmarks with centre jitter
+-12% of the side and scale jitter x0.87..1.15 (70%). Input/target exactly as the Java front end feeds
and decodes the net (net.square_input / net.encode). Loss: L1 on coordinates normalised by the padded
square side.
"""
from landmarks import prep
import argparse, csv, math, os, time
import numpy as np
import torch
import torch.nn.functional as F

from asffnet import degrade as DG
from asffnet import geometry as G
from landmarks import net as N

HERE = os.path.dirname(os.path.abspath(__file__))


def load_cache(cache):
    z = np.load(os.path.join(cache, 'crops128.npz'))
    return {k: z[k] for k in z.files}


def sample_params(rng):
    """Eqn 18 parameters: 20% clean or mild (s 1..2), 80% s in 2..8."""
    p = DG.random_params(rng)
    u = rng.random()
    if u < 0.10:
        return None                                           # clean
    if u < 0.20:
        p['scale'] = float(np.round(rng.uniform(1.0, 2.0), 1))
        p['noise'] = int(rng.integers(0, 6))
        p['jpeg'] = int(rng.integers(40, 91))
        if 'sigma' in p:
            p['sigma'] = float(np.round(rng.uniform(0.0, 1.5), 1))
    else:
        p['scale'] = float(np.round(rng.uniform(2.0, 8.0), 1))
    return p


def degrade_any(img, p):
    if p is None:
        return img
    if p.get('sigma', 1.0) == 0.0:
        p = dict(p, sigma=0.01)
    return DG.degrade(img, p)


def jitter_box(L, rng, cj=0.12, smin=0.87, smax=1.15):
    x, y, w, h = N.refine_box(L)
    side = w * math.exp(rng.uniform(math.log(smin), math.log(smax)))
    cx = x + w / 2 + rng.uniform(-cj, cj) * w
    cy = y + h / 2 + rng.uniform(-cj, cj) * h
    return (cx - side / 2, cy - side / 2, side, side)


def make_sample(img, L, rng, train=True):
    """img uint8 (128,128,3), L (68,2) -> (input (3,112,112) float32, target (136,) float32)."""
    im = img.astype(np.float32).transpose(2, 0, 1) / 255.0
    L = L.astype(np.float64)
    if rng.random() < 0.5:
        im = np.ascontiguousarray(im[:, :, ::-1])
        L = G.flip_landmarks(L)
    p = sample_params(rng)
    im = degrade_any(im, p)
    whole = rng.random() < 0.3
    box = (0.0, 0.0, 128.0, 128.0) if whole else jitter_box(L, rng)
    if p is not None and p['scale'] >= 2.0 and rng.random() < 0.2:      # keep the small size
        n = max(8, int(round(128 / p['scale'])))
        f = n / 128.0
        im = np.clip(DG.resize_bicubic(im, n, n), 0, 1)
        L = (L + 0.5) * f - 0.5
        box = (0.0, 0.0, float(n), float(n)) if whole else tuple(v * f for v in box)
    crop = N.clip_box(box, im.shape[2], im.shape[1])
    if crop[2] < 4 or crop[3] < 4:
        crop = (0, 0, im.shape[2], im.shape[1])
    return N.square_input(im, crop), N.encode(L, crop).astype(np.float32)


class Stream(torch.utils.data.IterableDataset):
    def __init__(self, imgs, lms, batch, seed):
        self.imgs, self.lms, self.batch, self.seed = imgs, lms, batch, seed

    def __iter__(self):
        torch.set_num_threads(1)
        wi = torch.utils.data.get_worker_info()
        rng = np.random.default_rng([self.seed, wi.id if wi else 0, int(time.time())])
        while True:
            idx = rng.integers(len(self.imgs), size=self.batch)
            xs, ys = zip(*[make_sample(self.imgs[i], self.lms[i], rng) for i in idx])
            yield torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))


def nme(pred, ref):
    """Mean error / outer-eye-corner distance (points 36, 45) of the reference, per sample."""
    d = np.linalg.norm(ref[:, 45] - ref[:, 36], axis=-1)
    return np.linalg.norm(pred - ref, axis=-1).mean(-1) / d


def build_val(data, n_celeba=96, n_lfw=64):
    """Fixed small validation set: x4 and x8 (fixed_params seed 1), oracle refinement box and whole crop."""
    val = np.nonzero(data['val'])[0]
    ds = data['datasets'][val]
    pick = np.concatenate([val[ds == 'celeba-faces'][:: max(1, (ds == 'celeba-faces').sum() // n_celeba)][:n_celeba],
                           val[ds == 'lfw-train'][:: max(1, (ds == 'lfw-train').sum() // n_lfw)][:n_lfw]])
    sets = {}
    for s in (4, 8):
        xs, crops, refs = [], [], []
        for j, i in enumerate(pick):
            im = data['imgs'][i].astype(np.float32).transpose(2, 0, 1) / 255.0
            L = data['lms'][i].astype(np.float64)
            d = DG.degrade(im, DG.fixed_params(s, j, seed=1))
            for box in ((0.0, 0.0, 128.0, 128.0), N.refine_box(L)):
                c = N.clip_box(box, 128, 128)
                xs.append(N.square_input(d, c)); crops.append(c); refs.append(L)
        sets[s] = (torch.from_numpy(np.stack(xs)), crops, np.stack(refs))
    return sets


def validate(net, sets):
    net.eval()
    res = {}
    with torch.no_grad():
        for s, (x, crops, refs) in sets.items():
            out = torch.cat([net(x[k:k + 64]) for k in range(0, len(x), 64)]).numpy()
            pred = np.stack([N.decode(o, c) for o, c in zip(out, crops)])
            e = nme(pred, refs)
            res['x%d_whole' % s] = float(e[0::2].mean())
            res['x%d_refine' % s] = float(e[1::2].mean())
    net.train()
    res['score'] = float(np.mean([v for v in res.values()]))
    return res


def save(path, obj):
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default=os.path.join(HERE, 'runs', 'robust1'))
    ap.add_argument('--cache', default=prep.DEFAULT_CACHE)
    ap.add_argument('--minutes', type=float, default=75.0, help='total training time over all resumes')
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=3e-4)
    ap.add_argument('--ckpt-min', type=float, default=3.0)
    ap.add_argument('--snap-min', type=float, default=15.0)
    ap.add_argument('--val-min', type=float, default=5.0)
    ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.run, exist_ok=True)
    data = load_cache(a.cache)
    tr = ~data['val']
    imgs, lms = data['imgs'][tr], data['lms'][tr]
    print('train images %d (celeba %d, lfw %d)' % (tr.sum(), (tr & (data['datasets'] == 'celeba-faces')).sum(),
                                                   (tr & (data['datasets'] == 'lfw-train')).sum()), flush=True)
    net = N.load_onnx()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    st = dict(step=0, elapsed=0.0, best=float('inf'), samples=0)
    last = os.path.join(a.run, 'last.pt')
    if os.path.exists(last):
        ck = torch.load(last)
        net.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        st = ck['state']
        print('resumed at step %d, %.1f min' % (st['step'], st['elapsed'] / 60), flush=True)
    limit = a.minutes * 60.0
    if st['elapsed'] >= limit:
        print('time limit already reached')
        return
    sets = build_val(data)
    logp = os.path.join(a.run, 'log.csv')
    newlog = not os.path.exists(logp)
    logf = open(logp, 'a', newline='')
    log = csv.writer(logf)
    if newlog:
        log.writerow(['step', 'minutes', 'samples', 'lr', 'train_l1', 'val_x4_whole', 'val_x4_refine',
                      'val_x8_whole', 'val_x8_refine', 'val_score'])
        v = validate(net, sets)
        log.writerow([0, 0, 0, 0, '', v['x4_whole'], v['x4_refine'], v['x8_whole'], v['x8_refine'], v['score']])
        logf.flush()
        print('step 0 val', v, flush=True)
    loader = torch.utils.data.DataLoader(Stream(imgs, lms, a.batch, a.seed + st['step']), batch_size=None,
                                         num_workers=a.workers, prefetch_factor=4 if a.workers else 2,
                                         persistent_workers=False)
    t_last = time.time()
    t_ck = t_snap = t_val = st['elapsed']
    losses = []
    for x, y in loader:
        now = time.time()
        st['elapsed'] += now - t_last
        t_last = now
        frac = min(1.0, st['elapsed'] / limit)
        lr = a.lr * min(1.0, (st['step'] + 1) / 100) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g['lr'] = lr
        loss = F.l1_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        st['step'] += 1
        st['samples'] += len(x)
        losses.append(float(loss))
        done = st['elapsed'] >= limit
        if st['elapsed'] - t_val >= a.val_min * 60 or done:
            t_val = st['elapsed']
            v = validate(net, sets)
            row = [st['step'], round(st['elapsed'] / 60, 2), st['samples'], lr, float(np.mean(losses)),
                   v['x4_whole'], v['x4_refine'], v['x8_whole'], v['x8_refine'], v['score']]
            log.writerow(row)
            logf.flush()
            losses = []
            print(' '.join(str(r)[:8] for r in row), flush=True)
            if v['score'] < st['best']:
                st['best'] = v['score']
                save(os.path.join(a.run, 'best.pt'), dict(model=net.state_dict(), state=dict(st), val=v))
        if st['elapsed'] - t_snap >= a.snap_min * 60:
            t_snap = st['elapsed']
            save(os.path.join(a.run, 'step_%06d.pt' % st['step']), dict(model=net.state_dict(), state=dict(st)))
        if st['elapsed'] - t_ck >= a.ckpt_min * 60 or done:
            t_ck = st['elapsed']
            save(last, dict(model=net.state_dict(), opt=opt.state_dict(), state=st))
        if done:
            break
    print('done: step %d, %.1f min, %d samples, best val %.4f' % (st['step'], st['elapsed'] / 60, st['samples'],
                                                                 st['best']), flush=True)


if __name__ == '__main__':
    main()
