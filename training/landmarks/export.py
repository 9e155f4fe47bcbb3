"""Export a LandmarkNet (a train.py checkpoint, or the original weights) to ONNX as a drop-in replacement
for asffnet-models' face_landmark_68.onnx: same input `image` [N,3,112,112] (RGB in [0,1]; the
(255 x - mean) / 255 normalisation stays inside the graph), same output `landmarks` [N,136]
(x0,y0,...,x67,y67 relative to the zero-padded square), same node structure and opset 17, weights stored
as float32 (the original stores them uint8-quantised).

    cd training && /usr/bin/python3 -m landmarks.export landmarks/runs/robust1/best.pt \
        landmarks/face_landmark_68_robust.onnx
    /usr/bin/python3 -m landmarks.export --original /tmp/face_landmark_68_float.onnx   # unmodified weights
"""
import argparse
import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from landmarks import net as N

OPSET = 17


def build_graph(net, doc=''):
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    inits, nodes = [], []

    def init(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr, np.float32), name))
        return name

    def node(op, ins, out, **attrs):
        nodes.append(helper.make_node(op, ins, [out], name=out, **attrs))
        return out

    x = node('Mul', ['image', init('u8scale', np.array(255.0, np.float32))], 'scaled')
    x = node('Sub', [x, init('mean_rgb', np.array(N.MEAN_RGB, np.float32).reshape(1, 3, 1, 1))], 'centred')
    x = node('Div', [x, init('div', np.array(255.0, np.float32))], 'normalised')
    for b in range(4):
        t = 'blocks.%d' % b
        p = 'dense%d' % b

        def sep(inp, c, stride):
            key = '%s_conv%d' % (p, c)
            dw = sd['%s.conv%d.dw.weight' % (t, c)]
            pads = [0, 0, 1, 1] if stride == 2 else [1, 1, 1, 1]
            h = node('Conv', [inp, init(key + '_depthwise_filter', dw)], key + '_dw', group=dw.shape[0],
                     kernel_shape=[3, 3], pads=pads, strides=[stride, stride])
            return node('Conv', [h, init(key + '_pointwise_filter', sd['%s.conv%d.pw.weight' % (t, c)]),
                                 init(key + '_bias', sd['%s.conv%d.pw.bias' % (t, c)])], key + '_pw',
                        kernel_shape=[1, 1])

        if b == 0:
            c0 = node('Conv', [x, init(p + '_conv0_filters', sd[t + '.conv0.conv.weight']),
                               init(p + '_conv0_bias', sd[t + '.conv0.conv.bias'])], p + '_conv0',
                      group=1, kernel_shape=[3, 3], pads=[0, 0, 1, 1], strides=[2, 2])
        else:
            c0 = sep(x, 0, 2)
        o1 = node('Relu', [c0], p + '_o1')
        o2 = sep(o1, 1, 1)
        a = node('Add', [o1, o2], p + '_s2')
        o3 = sep(node('Relu', [a], p + '_r2'), 2, 1)
        a = node('Add', [o1, node('Add', [o2, o3], p + '_s23')], p + '_s3')
        o4 = sep(node('Relu', [a], p + '_r3'), 3, 1)
        a = node('Add', [o1, node('Add', [o2, node('Add', [o3, o4], p + '_s34')], p + '_s234')], p + '_s4')
        x = node('Relu', [a], p + '_out')
    x = node('GlobalAveragePool', [x], 'gap')
    x = node('Flatten', [x], 'flat', axis=1)
    x = node('Gemm', [x, init('fc_weights', sd['fc.weight'].T), init('fc_bias', sd['fc.bias'])], 'fc')
    node('Identity', [x], 'landmarks')
    g = helper.make_graph(
        nodes, 'face_landmark_68',
        [helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, N.INPUT_SIZE, N.INPUT_SIZE])],
        [helper.make_tensor_value_info('landmarks', TensorProto.FLOAT, ['N', 136])], inits)
    m = helper.make_model(g, producer_name='asffnet training/landmarks/export.py',
                          opset_imports=[helper.make_opsetid('', OPSET)])
    m.ir_version = 8
    m.doc_string = doc
    onnx.checker.check_model(m, full_check=True)
    return m


def load_checkpoint(path):
    net = N.LandmarkNet()
    ck = torch.load(path, map_location='cpu')
    net.load_state_dict(ck['model'] if 'model' in ck else ck)
    return net.eval()


def export(net, out, doc):
    m = build_graph(net, doc)
    onnx.save(m, out)
    onnx.checker.check_model(onnx.load(out), full_check=True)
    g = onnx.load(out).graph
    shape = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    print('wrote %s: inputs %s, outputs %s, opset %d, checker OK' % (
        out, [(i.name, shape(i)) for i in g.input], [(o.name, shape(o)) for o in g.output], OPSET))
    # the graph itself (numpy interpreter, independent of the PyTorch module) vs the PyTorch net
    from landmarks import onnx_np
    x = np.random.default_rng(0).random((4, 3, N.INPUT_SIZE, N.INPUT_SIZE), dtype=np.float32)
    with torch.no_grad():
        ref = net(torch.from_numpy(x)).numpy()
    got = onnx_np.run(out, {'image': x})['landmarks']
    err = float(np.abs(got - ref).max())
    print('graph (numpy interpreter) vs PyTorch net: max abs diff %.3g' % err)
    assert err < 1e-4, err
    return err


DOC = ('face-api 68-point landmark net (vladmandic/face-api 1.7.15 weights, MIT) fine-tuned by asffnet '
       'training/landmarks on Eqn 18 degraded canonical crops of CelebA (non-commercial research only) and '
       'LFW (research only): inherits those terms.')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('checkpoint', nargs='?')
    ap.add_argument('out')
    ap.add_argument('--original', action='store_true', help='export the unmodified original weights')
    a = ap.parse_args()
    if a.original:
        export(N.load_onnx(), a.out, 'face-api 68-point landmark net (vladmandic/face-api 1.7.15 weights, '
                                    'MIT), float32 re-export of the original weights')
    else:
        export(load_checkpoint(a.checkpoint), a.out, DOC)


if __name__ == '__main__':
    main()
