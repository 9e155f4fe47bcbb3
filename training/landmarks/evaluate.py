"""Evaluate the original and a fine-tuned 68-point landmark net on validation identities.

    cd training && /usr/bin/python3 -m landmarks.evaluate --model landmarks/face_landmark_68_robust.onnx

Images: celeba-faces validation identities (training/split.json) and lfw-train validation people
(crc32(name) % 10 == 0), every --every-th image, from the prep.py cache (128x128 canonical crops, the
reference landmarks mapped into them). Conditions: clean crop; x4 and x8 = Eqn 18 with
asffnet.degrade.fixed_params(scale, i, seed=0) (Gaussian blur, bicubic down, noise, JPEG), bicubic back
to 128. Boxes: (a) whole 128 crop; (b) one refinement pass: net.refine_box of (a)'s landmarks, run again.
Metric: per-image mean point error / outer-eye-corner distance |p45 - p36| of the reference; mean and
90th percentile. Inputs are built exactly like the Java front end (net.clip_box, net.square_input,
net.decode). --model accepts an .onnx file (original layout or export.py's) or a train.py checkpoint.
"""
from landmarks import prep
import argparse, json, os, time
import numpy as np
import torch

from asffnet import degrade as DG
from landmarks import net as N
from landmarks.train import load_cache, nme

HERE = os.path.dirname(os.path.abspath(__file__))


def load_any(path):
    if path.endswith('.onnx'):
        return N.load_onnx(path)
    net = N.LandmarkNet()
    ck = torch.load(path, map_location='cpu')
    net.load_state_dict(ck['model'] if 'model' in ck else ck)
    return net.eval()


def pick(data, every_celeba, every_lfw):
    val = np.nonzero(data['val'])[0]
    ds = data['datasets'][val]
    return np.concatenate([val[ds == 'celeba-faces'][::every_celeba], val[ds == 'lfw-train'][::every_lfw]])


def predict(net, imgs):
    P0 = np.concatenate([N.run_batch(net, imgs[k:k + 64], [(0.0, 0.0, 128.0, 128.0)] * len(imgs[k:k + 64]))
                         for k in range(0, len(imgs), 64)])
    boxes = [N.refine_box(p) for p in P0]
    P1 = np.concatenate([N.run_batch(net, imgs[k:k + 64], boxes[k:k + 64]) for k in range(0, len(imgs), 64)])
    return P0, P1


def stats(e):
    return dict(mean=float(np.mean(e)), p90=float(np.percentile(e, 90)), n=int(len(e)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True, help='fine-tuned net: .onnx or .pt checkpoint')
    ap.add_argument('--original', default=N.HERE_ORIGINAL)
    ap.add_argument('--cache', default=prep.DEFAULT_CACHE)
    ap.add_argument('--every-celeba', type=int, default=4)
    ap.add_argument('--every-lfw', type=int, default=3)
    ap.add_argument('--out', default=os.path.join(HERE, 'eval.json'))
    a = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    data = load_cache(a.cache)
    idx = pick(data, a.every_celeba, a.every_lfw)
    ds = data['datasets'][idx]
    refs = data['lms'][idx].astype(np.float64)
    clean = [data['imgs'][i].astype(np.float32).transpose(2, 0, 1) / 255.0 for i in idx]
    nets = {'original': N.load_onnx(a.original), 'finetuned': load_any(a.model)}
    res = dict(model=a.model, original=a.original, images=dict(celeba=int((ds == 'celeba-faces').sum()),
                                                               lfw=int((ds == 'lfw-train').sum())),
               refine_box=dict(k=N.REFINE_K, dy=N.REFINE_DY), metric='NME by outer-eye-corner distance (36-45)',
               results={})
    for cond in ('clean', 'x4', 'x8'):
        if cond == 'clean':
            imgs = clean
        else:
            s = int(cond[1:])
            imgs = [DG.degrade(im, DG.fixed_params(s, j, seed=0)) for j, im in enumerate(clean)]
        for name, net in nets.items():
            P0, P1 = predict(net, imgs)
            for box, P in (('whole', P0), ('refined', P1)):
                e = nme(P, refs)
                r = dict(all=stats(e), celeba=stats(e[ds == 'celeba-faces']), lfw=stats(e[ds == 'lfw-train']))
                res['results']['%s/%s/%s' % (cond, name, box)] = r
        print(cond, 'done %.0fs' % (time.time() - t0), flush=True)
    lines = ['| condition | box | original mean | original p90 | fine-tuned mean | fine-tuned p90 |',
             '|---|---|---|---|---|---|']
    for cond in ('clean', 'x4', 'x8'):
        for box in ('whole', 'refined'):
            o = res['results']['%s/original/%s' % (cond, box)]['all']
            f = res['results']['%s/finetuned/%s' % (cond, box)]['all']
            lines.append('| %s | %s | %.4f | %.4f | %.4f | %.4f |' % (cond, box, o['mean'], o['p90'], f['mean'],
                                                                     f['p90']))
    lines += ['', 'per data set (fine-tuned, refined box): ' + ', '.join(
        '%s %s mean %.4f' % (cond, d, res['results']['%s/finetuned/refined' % cond][d]['mean'])
        for cond in ('clean', 'x4', 'x8') for d in ('celeba', 'lfw'))]
    f4 = res['results']['x4/finetuned/refined']['all']['mean']
    f8 = res['results']['x8/finetuned/refined']['all']['mean']
    res['targets'] = dict(x4_mean_le_0_06=bool(f4 <= 0.06), x8_mean_le_0_10=bool(f8 <= 0.10))
    res['table'] = lines
    lines.append('targets (fine-tuned, refined box): x4 mean %.4f <= 0.06: %s; x8 mean %.4f <= 0.10: %s' % (
        f4, res['targets']['x4_mean_le_0_06'], f8, res['targets']['x8_mean_le_0_10']))
    print('\n'.join(lines))
    json.dump(res, open(a.out, 'w'), indent=1)
    print('wrote', a.out, '%.0fs' % (time.time() - t0))


if __name__ == '__main__':
    main()
