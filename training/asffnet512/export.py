"""Exports the weight-free ASFFNet512 ONNX graph (opset 17) that Java completes with weights at load time.

The graph has inputs lq, ref (N,3,H,W RGB in [-1,1]), mask (N,1,H,W {0,1}), grid (N,H/4,W/4,2, (x,y)
normalised for grid_sample with align_corners=False), output out (N,3,H,W) in [-1,1], H and W dynamic
(multiples of 4). Every parameter of the folded model (names as in model.py, e.g. LQ_Model.conv1.0.weight)
is removed from the initializers: Java appends them (dev.asffnet.onnx.Asffnet512Graph). Run from the
repository root:
  /usr/bin/python3 training/asffnet512/export.py asffnet-onnx/src/main/resources/dev/asffnet/onnx/asffnet512-graph.onnx
"""
import io
import sys
import onnx
import torch
from model import ASFFNet512

torch.set_num_threads(1)
net = ASFFNet512().eval()
names = set(net.state_dict().keys())
s = 64
args = (torch.zeros(1, 3, s, s), torch.zeros(1, 3, s, s), torch.zeros(1, 1, s, s), torch.zeros(1, s // 4, s // 4, 2))
buf = io.BytesIO()
dyn = {'lq': {0: 'n', 2: 'h', 3: 'w'}, 'ref': {0: 'n', 2: 'h', 3: 'w'}, 'mask': {0: 'n', 2: 'h', 3: 'w'},
       'grid': {0: 'n', 1: 'hg', 2: 'wg'}, 'out': {0: 'n', 2: 'h', 3: 'w'}}
torch.onnx.export(net, args, buf, opset_version=17, input_names=['lq', 'ref', 'mask', 'grid'],
                  output_names=['out'], dynamic_axes=dyn, do_constant_folding=False)
m = onnx.load_from_string(buf.getvalue())
kept = [t for t in m.graph.initializer if t.name not in names]
found = {t.name for t in m.graph.initializer if t.name in names}
missing = names - found
if missing:
    sys.exit('parameters not exported as named initializers: %s' % sorted(missing)[:5])
del m.graph.initializer[:]
m.graph.initializer.extend(kept)
m.doc_string = 'ASFFNet512 (clean-room from the notes), weights removed: %d parameters to append' % len(names)
data = m.SerializeToString()
open(sys.argv[1], 'wb').write(data)
print('wrote', sys.argv[1], len(data), 'bytes;', len(kept), 'constant initializers kept;', len(names), 'weights removed')
print('kept:', [(t.name, list(t.dims)) for t in kept][:20])
