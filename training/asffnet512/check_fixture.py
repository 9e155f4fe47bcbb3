"""Checks this clean-room module against the parity fixture: seeded weights -> out.npy (PyTorch, grid as input).
Run from the repository root: /usr/bin/python3 training/asffnet512/check_fixture.py ../shared/fixtures/asffnet512 s256 ."""
import sys
import numpy as np
import torch
from model import ASFFNet512, fold_state_dict
from seeded import state_dict

torch.set_num_threads(1)
fx = sys.argv[1] if len(sys.argv) > 1 else '../shared/fixtures/asffnet512'
sd = state_dict(fx + '/keys.json')
import json
for e in json.load(open(fx + '/keys.json'))['keys'][:5] + json.load(open(fx + '/keys.json'))['keys'][-3:]:
    v = sd[e['key']].double()
    print(e['key'], float(v.sum()) - e['check']['sum'], (v.flatten()[:3].numpy() - np.array(e['check']['first3'])).tolist())
net = ASFFNet512().eval()
net.load_state_dict(fold_state_dict(sd), strict=True)
print('params', sum(p.numel() for p in net.parameters()))
for sub in sys.argv[2:] or ['s256']:
    d = fx + '/' + sub if sub != '.' else fx
    t = lambda n: torch.from_numpy(np.load(d + '/' + n))
    with torch.no_grad():
        out = net(t('lq.npy'), t('ref.npy'), t('mask.npy'), t('grid.npy'))
    print(sub, 'max abs diff', float((out - t('out.npy')).abs().max()))
