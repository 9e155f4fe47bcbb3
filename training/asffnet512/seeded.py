"""Seeded weights of the parity fixture (../shared/fixtures/asffnet512/README.md): SplitMix64, no torch RNG."""
import json
import numpy as np
import torch

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z = np.asarray(z, dtype=np.uint64)
    with np.errstate(over='ignore'):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def stream(s, ks):
    with np.errstate(over='ignore'):
        return mix64(np.uint64(s) + np.asarray(ks, dtype=np.uint64) * np.uint64(GOLDEN))


def state_dict(keys_json):
    spec = json.load(open(keys_json))
    seed, entries = spec['seed'], spec['keys']
    sd = {}
    for i, e in enumerate(entries):
        shape, key = e['shape'], e['key']
        if e['kind'] in ('sn_u', 'sn_v'):
            continue
        s_i = int(stream(seed, i + 1))
        n = int(np.prod(shape))
        r = stream(s_i, np.arange(1, n + 1, dtype=np.uint64))
        t = (((r >> np.uint64(40)).astype(np.int64) - (1 << 23)).astype(np.float32) / np.float32(1 << 23))
        a = np.float32(0.05) if key.endswith('.bias') else np.float32(np.sqrt(3.0 / np.prod(shape[1:])))
        sd[key] = torch.from_numpy((t * a).astype(np.float32).reshape(shape))
    for e in entries:
        if e['kind'] == 'sn_v':
            p = e['key'][:-len('.weight_v')]
            w = sd[p + '.weight_orig'].double().reshape(sd[p + '.weight_orig'].shape[0], -1)
            v = w[0] / w[0].norm()
            wv = w @ v
            sd[p + '.weight_v'] = v.float()
            sd[p + '.weight_u'] = (wv / wv.norm()).float()
    return {e['key']: sd[e['key']] for e in entries}
