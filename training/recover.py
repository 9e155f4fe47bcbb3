"""Rebuild a training checkpoint from the shipped weights (checkpoints of shipped runs are not committed).

    /usr/bin/python3 training/recover.py --out training/runs/recovered/medium_ln-guided.pt

Reads asffnet-default.weights (ASWT, the model's state dict) and asffnet-default.json (its config, step and
validation PSNR) and writes dict(config, model, step, val_psnr_x4), the layout train.py's --init-from reads
(PREFIX-<model>.pt). The rebuilt model is checked against the weights tensor by tensor.
"""
import argparse, json, os, sys
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from asffnet.files import replacing
from asffnet.model import ASFFNet, Config
from export import MODELS, read_aswt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--weights', default=os.path.join(MODELS, 'asffnet-default.weights'))
    ap.add_argument('--json', default=os.path.join(MODELS, 'asffnet-default.json'))
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    meta = json.load(open(a.json))
    m = ASFFNet(Config(**meta['config']))
    tensors = dict(read_aswt(a.weights))
    sd = m.state_dict()
    if set(sd) != set(tensors):
        sys.exit('weights and config disagree: %s' % sorted(set(sd) ^ set(tensors))[:5])
    m.load_state_dict({k: torch.from_numpy(np.array(v, np.float32)) for k, v in tensors.items()})
    for k, v in m.state_dict().items():
        assert np.array_equal(v.numpy(), tensors[k]), k
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with replacing(a.out) as tmp:
        torch.save(dict(config=meta['config'], model=m.state_dict(), step=meta.get('step'),
                        val_psnr_x4=meta.get('val_psnr_x4', float('nan'))), tmp)
    print('wrote', a.out, 'from', a.weights, '(%d tensors)' % len(tensors))


if __name__ == '__main__':
    main()
