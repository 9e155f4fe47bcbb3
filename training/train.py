"""Train ASFFNet (guided) and, in the same process on the same batches, the unguided baseline.

    /usr/bin/python3 training/train.py --name main --models guided unguided --minutes 120
Resumes automatically from training/runs/<name>/latest.pt. See training/README.md.
"""
import argparse, copy, csv, json, math, os, shutil, sys, time
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asffnet import batches as B
from asffnet import data as DATA
from asffnet import losses as LOSSES
from asffnet.files import replacing
from asffnet.model import ASFFNet, CONFIGS, Config, config_dict, count_params, grow

HERE = os.path.dirname(os.path.abspath(__file__))


def psnr(a, b):
    mse = ((a.clamp(0, 1) - b) ** 2).flatten(1).mean(1)
    return (10 * torch.log10(1.0 / mse.clamp_min(1e-12))).mean().item()


def evaluate(model, vb):
    model.eval()
    ps, mses = [], []
    with torch.no_grad():
        for i in range(0, vb['target'].shape[0], 8):
            sl = {k: v[i:i + 8] for k, v in vb.items()}
            out = model(sl['degraded'], sl['guidance'], sl['warp_grid'], sl['landmark_map'])
            ps.append(psnr(out, sl['target']) * out.shape[0])
            mses.append(((out.clamp(0, 1) - sl['target']) ** 2).mean().item() * out.shape[0])
    model.train()
    n = vb['target'].shape[0]
    return sum(ps) / n, sum(mses) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='main')
    ap.add_argument('--config', default='default', choices=sorted(CONFIGS))
    ap.add_argument('--models', nargs='+', default=['guided', 'unguided'],
                    help='variants trained side by side on the same batches: guided, unguided, concat, asff1, nomls, noadain')
    ap.add_argument('--cache', default=DATA.DEFAULT_CACHE)
    ap.add_argument('--lfw', action='store_true', help='add the LFW training identities (faces128-lfw.npz) to the pool')
    ap.add_argument('--landmark-noise', type=float, default=0.0,
                    help='detector-like noise on the degraded-side landmarks: level ~ U(0, this) x outer-eye-corner '
                         'distance per training sample (batches.detector_noise); 0: the usual 1 px jitter')
    ap.add_argument('--val-landmark-noise', type=float, default=0.0,
                    help='validation (and so best-<model>.pt) with detector noise at exactly this level (batches.val_samples); '
                         '0: the usual 1 px jitter')
    ap.add_argument('--detected-landmarks', default='',
                    help='ONNX 68-point net: the degraded-side landmarks (training and validation) are the ones it finds '
                         'on the degraded image as the Java front end does (batches.DetectedLandmarks), not GT + noise')
    ap.add_argument('--val-scale', type=float, default=4.0, help='validation degradation scale')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=2e-4)
    ap.add_argument('--steps', type=int, default=10 ** 9)
    ap.add_argument('--minutes', type=float, default=1e9, help='stop after this much wall time (this invocation)')
    ap.add_argument('--val-every', type=int, default=250)
    ap.add_argument('--val-count', type=int, default=96)
    ap.add_argument('--ckpt-minutes', type=float, default=4.0)
    ap.add_argument('--anneal-minutes', type=float, default=0.0,
                    help='in the last this-many minutes of --minutes, decay lr linearly to 10%% of its value')
    ap.add_argument('--restart-lr', type=float, default=0.0,
                    help='on resume, set every model\'s lr to this value (warm restart) and restart its plateau rule')
    ap.add_argument('--init-from', default='',
                    help='fresh run only: warm-start each model from PREFIX-<model>.pt (e.g. training/checkpoints/medium), '
                         'grown to --config by model.grow (same function at step 0)')
    ap.add_argument('--patience', type=int, default=4, help='validations without improvement before lr halves')
    ap.add_argument('--stage2-step', type=int, default=-1, help='step from which stage 2 losses are added (-1: never)')
    ap.add_argument('--feature-net', default='', help='ONNX face net for perceptual/style losses (stage 2)')
    ap.add_argument('--lambda-mse', type=float, default=300.0)
    ap.add_argument('--lambda-perc', type=float, default=5.0)
    ap.add_argument('--lambda-style', type=float, default=1.0)
    ap.add_argument('--lambda-adv', type=float, default=2.0)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--threads', type=int, default=2, help='torch intra-op threads (1 is much faster when the 2 cores are oversubscribed)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    run = os.path.join(HERE, 'runs', a.name)
    os.makedirs(run, exist_ok=True)
    base = CONFIGS[a.config]
    variants = {
        'guided': Config(**config_dict(base)),
        'unguided': Config(**{**config_dict(base), 'guided': False, 'fr_guidance': False}),
        'concat': Config(**{**config_dict(base), 'fusion': 'concat'}),
        'asff1': Config(**{**config_dict(base), 'asff': 1}),
        'nomls': Config(**{**config_dict(base), 'use_mls': False}),
        'noadain': Config(**{**config_dict(base), 'use_adain': False}),
    }
    models, opts, state = {}, {}, {}
    for name in a.models:
        m = ASFFNet(variants[name])
        models[name] = m
        opts[name] = torch.optim.Adam(m.parameters(), lr=a.lr, betas=(0.5, 0.999))
        state[name] = dict(best=-1.0, best_step=0, bad=0, lr=a.lr, ref=-1.0)
    step, elapsed = 0, 0.0
    disc = dopt = None
    ck = os.path.join(run, 'latest.pt')
    if os.path.exists(ck):
        s = torch.load(ck, map_location='cpu')
        for name in models:
            models[name].load_state_dict(s['models'][name])
            opts[name].load_state_dict(s['opts'][name])
            state[name] = s['state'][name]
            if a.restart_lr > 0:
                # the plateau rule restarts too: it compares against the best since the restart ('ref'),
                # while best-<model>.pt still keeps the best over the whole run ('best')
                state[name].update(lr=a.restart_lr, bad=0, ref=-1.0)
                for g in opts[name].param_groups:
                    g['lr'] = a.restart_lr
        step, elapsed = s['step'], s['elapsed']
        print('resumed at step %d (%.1f min trained)' % (step, elapsed / 60), flush=True)
    elif a.init_from:
        for name, m in models.items():
            src = torch.load('%s-%s.pt' % (a.init_from, name), map_location='cpu')
            added = grow(m, Config(**src['config']), src['model'])
            print('%s: grown from %s-%s.pt (step %s, val x4 %.3f dB), %d new tensors' % (
                name, a.init_from, name, src.get('step'), src.get('val_psnr_x4', float('nan')), len(added)), flush=True)
    json.dump(dict(args=vars(a), configs={n: config_dict(variants[n]) for n in models},
                   params={n: count_params(m) for n, m in models.items()}),
              open(os.path.join(run, 'run.json'), 'w'), indent=1)

    train = DATA.FaceSet(a.cache, 'train', lfw=a.lfw)
    val = DATA.FaceSet(a.cache, 'val')
    print('train targets %d, val targets %d' % (len(train), len(val)), flush=True)
    detector = B.DetectedLandmarks(a.detected_landmarks) if a.detected_landmarks else None
    vb = B.collate(B.val_samples(val, a.val_scale, a.val_count, lm_noise=a.val_landmark_noise, detector=detector))
    bic_val = psnr(vb['degraded'], vb['target'])

    feat = None
    if a.stage2_step >= 0:
        feat = LOSSES.load_feature_net(a.feature_net)
        disc = LOSSES.Discriminator()
        dopt = torch.optim.Adam(disc.parameters(), lr=a.lr, betas=(0.5, 0.999))
        if os.path.exists(ck) and 'disc' in s:
            disc.load_state_dict(s['disc']); dopt.load_state_dict(s['dopt'])

    ds = B.TrainBatches(train, a.batch, a.seed, lm_noise=a.landmark_noise,
                        detector=B.DetectedLandmarks(a.detected_landmarks) if a.detected_landmarks else None)
    sampler = range(step, a.steps)
    loader = torch.utils.data.DataLoader(ds, batch_size=None, sampler=sampler, num_workers=a.workers,
                                         prefetch_factor=4 if a.workers else 2, persistent_workers=False)
    logp = os.path.join(run, 'log.csv')
    new = not os.path.exists(logp)
    logf = open(logp, 'a', newline='')
    log = csv.writer(logf)
    if new:
        log.writerow(['step', 'time_s', 'model', 'loss', 'mse', 'perc', 'style', 'adv_g', 'adv_d', 'lr',
                      'val_psnr_x4', 'val_bicubic_x4'])
        logf.flush()
    t_start = time.time()
    step0 = step
    t_ck = time.time()
    acc = {n: [] for n in models}

    def save(final=False):
        s = dict(step=step, elapsed=elapsed + time.time() - t_start,
                 models={n: m.state_dict() for n, m in models.items()},
                 opts={n: o.state_dict() for n, o in opts.items()}, state=state,
                 configs={n: config_dict(variants[n]) for n in models})
        if disc is not None:
            s['disc'] = disc.state_dict(); s['dopt'] = dopt.state_dict()
        with replacing(ck) as tmp:
            torch.save(s, tmp)

    for batch in loader:
        if step >= a.steps or (time.time() - t_start) > a.minutes * 60:
            break
        stage2 = feat is not None and step >= a.stage2_step
        if a.anneal_minutes > 0:                       # linear decay to 0.1x over the final window
            left = a.minutes * 60 - (time.time() - t_start)
            f = min(1.0, max(0.1, left / (a.anneal_minutes * 60)))
            for name in models:
                for g in opts[name].param_groups:
                    g['lr'] = state[name]['lr'] * f
        for name, m in models.items():
            out = m(batch['degraded'], batch['guidance'], batch['warp_grid'], batch['landmark_map'])
            mse = F.mse_loss(out, batch['target'])
            loss = a.lambda_mse * mse
            parts = dict(mse=mse.item(), perc=0.0, style=0.0, adv_g=0.0, adv_d=0.0)
            if stage2 and name == 'guided':
                perc, style = LOSSES.perc_style(feat, out, batch['target'])
                adv_g = -disc(out).mean()                                   # Eqn 15
                loss = loss + a.lambda_perc * perc + a.lambda_style * style + a.lambda_adv * adv_g
                parts.update(perc=perc.item(), style=style.item(), adv_g=adv_g.item())
            opts[name].zero_grad(set_to_none=True)
            loss.backward()
            opts[name].step()
            if stage2 and name == 'guided':
                ld = LOSSES.hinge_d(disc, batch['target'], out.detach())    # Eqn 14
                dopt.zero_grad(set_to_none=True); ld.backward(); dopt.step()
                parts['adv_d'] = ld.item()
            parts['loss'] = loss.item()
            acc[name].append(parts)
        step += 1
        if step % 20 == 0:
            print('step %d  %.2f s/step' % (step, (time.time() - t_start) / max(1, step - step0)), flush=True)
        if step % a.val_every == 0:
            for name, m in models.items():
                vp, vm = evaluate(m, vb)
                st = state[name]
                improved = vp > st.get('ref', st['best'])   # states saved before 'ref' existed used 'best'
                if vp > st['best']:
                    st['best'], st['best_step'] = vp, step
                    torch.save(dict(config=config_dict(m.cfg), model=m.state_dict(), step=step, val_psnr_x4=vp),
                               os.path.join(run, 'best-%s.pt' % name))
                if improved:
                    st['ref'], st['bad'] = vp, 0
                else:
                    st['bad'] += 1
                    if st['bad'] >= a.patience:                # paper: halve lr when validation loss stalls
                        st['lr'] *= 0.5
                        st['bad'] = 0
                        for g in opts[name].param_groups:
                            g['lr'] = st['lr']
                mean = {k: float(np.mean([p[k] for p in acc[name]])) for k in acc[name][0]}
                acc[name] = []
                log.writerow([step, round(elapsed + time.time() - t_start, 1), name, '%.5f' % mean['loss'],
                              '%.6f' % mean['mse'], '%.5f' % mean['perc'], '%.5f' % mean['style'],
                              '%.4f' % mean['adv_g'], '%.4f' % mean['adv_d'], opts[name].param_groups[0]['lr'], '%.3f' % vp, '%.3f' % bic_val])
                print('step %d %s loss %.4f val x%g %.3f dB (bicubic %.3f) lr %.2g  %.1f min' % (
                    step, name, mean['loss'], a.val_scale, vp, bic_val, opts[name].param_groups[0]['lr'], (elapsed + time.time() - t_start) / 60), flush=True)
            logf.flush()
        if time.time() - t_ck > a.ckpt_minutes * 60:
            save()
            t_ck = time.time()
    save()
    ckdir = os.path.join(HERE, 'checkpoints')
    os.makedirs(ckdir, exist_ok=True)
    for name in models:
        bp = os.path.join(run, 'best-%s.pt' % name)
        if os.path.exists(bp) and os.path.getsize(bp) < 20e6:
            shutil.copyfile(bp, os.path.join(ckdir, '%s-%s.pt' % (a.name, name)))
    print('stopped at step %d' % step, flush=True)


if __name__ == '__main__':
    main()
