#!/usr/bin/python3
"""Converts the TF.js face models of @vladmandic/face-api@1.7.15 to ONNX (opset 17) with onnx.helper.

Usage (Debian python3-onnx 1.12 + python3-numpy; nothing else):

    cd /work/cache/faceapi && npm pack @vladmandic/face-api@1.7.15 && tar xzf vladmandic-face-api-1.7.15.tgz
    /usr/bin/python3 tools/face-models/convert.py /work/cache/faceapi/package/model \
        asffnet-models/src/main/resources/dev/asffnet/models/face

Every graph takes planar RGB in [0,1] (NCHW float32, batch N), i.e. the FaceImage layout, already padded
and resized by the caller exactly as face-api.js does it (see docs/face-analysis.md); the graph applies
face-api's own normalisation to it. Layers follow the face-api.js sources layer by layer:

- face_landmark_68.onnx: input "image" [N,3,112,112] -> "landmarks" [N,136] (x0,y0,...: relative to the
  112 square, 0..1), normalisation (255*x - mean_rgb)/255.
- face_recognition.onnx: input "image" [N,3,150,150] -> "descriptor" [N,128] (raw, not unit length),
  normalisation (255*x - mean_rgb)/255 (vladmandic; face-api.js 0.22 divided by 256).
- ssd_mobilenetv1.onnx: input "image" [N,3,512,512] -> "boxes" [N,5118,4] (ymin,xmin,ymax,xmax relative
  to the 512 square, decoded from the anchors in-graph) and "scores" [N,5118] (sigmoid of the face class);
  normalisation 2*x - 1 (= u8/127.5 - 1). Non-maximum suppression is done in Java.
- tiny_face_detector.onnx: input "image" [N,3,S,S] with S any multiple of 32 (face-api's default 416) ->
  "grid" [N,25,S/32,S/32], the raw output (channel 5a+k of anchor a: tx, ty, tw, th, score logit); decoding
  and NMS are done in Java. Normalisation (255*x - [117.001, 114.697, 97.404])/255 (vladmandic; face-api.js
  0.22 divided by 256). The max pools' TF 'same' padding is the same for every such S (0 before; 1 after on
  the 16k-1 map and on the last, stride-1 pool), so the side can stay symbolic. tiny_reference.py is an
  independent numpy rebuild of this net.

TF 'same' padding is reproduced exactly: the total padding is split floor(p/2) before and the rest after
(stride 2 on even sizes: 0 before, 1 after), computed from the static spatial sizes.

Weights stay uint8 where the manifest quantises them: each such tensor is stored as a uint8 initializer
and dequantised in-graph as float(q) * scale + min (ONNX Runtime folds these constant subgraphs when the
session is created, so inference runs on float32 weights). This keeps the three files at ~13 MB instead
of ~48 MB in float32 (the tiny detector: 0.2 MB).
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MEAN_RGB = [122.782, 117.001, 104.298]


def load_weights(model_dir, name):
    """Returns {name: (array, quant)} where quant is None (float array) or (uint8 array, scale, min)."""
    with open(os.path.join(model_dir, name + '-weights_manifest.json')) as f:
        manifest = json.load(f)
    out = {}
    order = []
    for group in manifest:
        data = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        off = 0
        for w in group['weights']:
            shape = w['shape']
            n = int(np.prod(shape)) if shape else 1
            q = w.get('quantization')
            if q:
                if q['dtype'] != 'uint8':
                    raise ValueError('unsupported quantization %s for %s' % (q['dtype'], w['name']))
                raw = np.frombuffer(data, dtype=np.uint8, count=n, offset=off).reshape(shape)
                off += n
                if w['dtype'] == 'float32':
                    out[w['name']] = (None, (raw.copy(), float(q['scale']), float(q['min'])))
                else:  # int32 constants of the frozen graph: unused here
                    out[w['name']] = ((raw.astype(np.float64) * q['scale'] + q['min']).astype(np.int32), None)
            else:
                dt = {'float32': np.float32, 'int32': np.int32}[w['dtype']]
                arr = np.frombuffer(data, dtype=dt, count=n, offset=off).reshape(shape).copy()
                off += 4 * n
                out[w['name']] = (arr, None)
            order.append(w['name'])
        if off != len(data):
            raise ValueError('%s: consumed %d of %d bytes' % (name, off, len(data)))
    return out


def wshape(w, key):
    arr, q = w[key]
    return (q[0] if q else arr).shape


class G:
    """A tiny graph builder with static NCHW shape tracking."""

    def __init__(self, weights, name):
        self.w = weights
        self.nodes = []
        self.inits = []
        self.name = name
        self.count = 0
        self.used = set()

    def uid(self, base):
        self.count += 1
        return '%s_%d' % (base.replace('/', '_'), self.count)

    def const(self, arr, base='c'):
        n = self.uid(base)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), n))
        return n

    def node(self, op, inputs, base=None, **attrs):
        out = self.uid(base or op)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def weight(self, key, transform=None):
        """A float32 weight tensor in ONNX layout; transform maps the TF-layout array (a numpy function that
        only permutes/reshapes, so it applies to the uint8 data as well)."""
        self.used.add(key)
        arr, q = self.w[key]
        if q is None:
            a = arr.astype(np.float32)
            if transform:
                a = transform(a)
            return self.const(np.ascontiguousarray(a), key + '_f32')
        raw, scale, mn = q
        if transform:
            raw = transform(raw)
        qn = self.const(np.ascontiguousarray(raw), key + '_u8')
        f = self.node('Cast', [qn], key + '_cast', to=TensorProto.FLOAT)
        f = self.node('Mul', [f, self.const(np.array(scale, dtype=np.float32), key + '_scale')], key + '_mul')
        return self.node('Add', [f, self.const(np.array(mn, dtype=np.float32), key + '_min')], key + '_deq')

    # TF layouts -> ONNX
    def conv_w(self, key):
        return self.weight(key, lambda a: a.transpose(3, 2, 0, 1))  # [kh,kw,cin,cout] -> [cout,cin,kh,kw]

    def dw_w(self, key):
        return self.weight(key, lambda a: a.transpose(2, 3, 0, 1))  # [kh,kw,C,1] -> [C,1,kh,kw]

    def chan(self, key):
        return self.weight(key, lambda a: a.reshape(1, -1, 1, 1))

    @staticmethod
    def same_pads(size, k, s):
        out = -(-size // s)
        total = max(0, (out - 1) * s + k - size)
        return out, total // 2, total - total // 2

    def conv(self, x, size, w, k, s, padding, group=1, bias=None, base='conv'):
        """Conv with TF padding semantics; returns (out, out_size)."""
        if padding == 'same':
            out, a, b = self.same_pads(size, k, s)
            pads = [a, a, b, b]
        else:
            out = (size - k) // s + 1
            pads = [0, 0, 0, 0]
        inputs = [x, w] + ([bias] if bias else [])
        y = self.node('Conv', inputs, base, kernel_shape=[k, k], strides=[s, s], pads=pads, group=group)
        return y, out

    def add(self, a, b):
        return self.node('Add', [a, b])

    def relu(self, x):
        return self.node('Relu', [x])

    def normalise_mean(self, x, divisor):
        # (255*x - mean) / divisor
        x = self.node('Mul', [x, self.const(np.array(255.0, dtype=np.float32), 'u8scale')])
        x = self.node('Sub', [x, self.const(np.array(MEAN_RGB, dtype=np.float32).reshape(1, 3, 1, 1), 'mean_rgb')])
        return self.node('Div', [x, self.const(np.array(divisor, dtype=np.float32), 'div')])

    def finish(self, inp, size, outputs, doc):
        g = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info(inp, TensorProto.FLOAT, ['N', 3, size, size])],
            [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n, shape in outputs],
            initializer=self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='asffnet tools/face-models/convert.py',
                              doc_string=doc)
        m.ir_version = 8
        unused = set(k for k, (a, q) in self.w.items() if q is not None or a.dtype == np.float32) - self.used
        return m, unused


def rename_output(g, tensor, name):
    g.nodes.append(helper.make_node('Identity', [tensor], [name], name=name + '_identity'))


# ---------------------------------------------------------------- face_landmark_68
def build_landmarks(w):
    g = G(w, 'face_landmark_68')
    x = g.normalise_mean('image', 255.0)
    size = 112

    def sep(x, size, p, s):
        c = wshape(w, p + '/depthwise_filter')[2]
        y, size = g.conv(x, size, g.dw_w(p + '/depthwise_filter'), 3, s, 'same', group=c, base=p + '_dw')
        y = g.node('Conv', [y, g.conv_w(p + '/pointwise_filter'), g.weight(p + '/bias')], p + '_pw', kernel_shape=[1, 1])
        return y, size

    for i in range(4):
        p = 'dense%d' % i
        if i == 0:
            o1, size2 = g.conv(x, size, g.conv_w(p + '/conv0/filters'), 3, 2, 'same', bias=g.weight(p + '/conv0/bias'))
        else:
            o1, size2 = sep(x, size, p + '/conv0', 2)
        o1 = g.relu(o1)
        o2, _ = sep(o1, size2, p + '/conv1', 1)
        o3, _ = sep(g.relu(g.add(o1, o2)), size2, p + '/conv2', 1)
        o4, _ = sep(g.relu(g.add(o1, g.add(o2, o3))), size2, p + '/conv3', 1)
        x = g.relu(g.add(o1, g.add(o2, g.add(o3, o4))))
        size = size2
    assert size == 7
    x = g.node('GlobalAveragePool', [x])
    x = g.node('Flatten', [x], axis=1)
    x = g.node('Gemm', [x, g.weight('fc/weights'), g.weight('fc/bias')])
    rename_output(g, x, 'landmarks')
    return g.finish('image', 112, [('landmarks', ['N', 136])],
                    'face-api 68-point landmark net (vladmandic/face-api 1.7.15 weights, MIT)')


# ---------------------------------------------------------------- face_recognition
def build_recognition(w):
    g = G(w, 'face_recognition')
    x = g.normalise_mean('image', 255.0)
    size = 150

    def conv_layer(x, size, p, s, relu, padding):
        k = wshape(w, p + '/conv/filters')[0]
        y, size = g.conv(x, size, g.conv_w(p + '/conv/filters'), k, s, padding, bias=g.weight(p + '/conv/bias'), base=p)
        y = g.node('Mul', [y, g.chan(p + '/scale/weights')])
        y = g.node('Add', [y, g.chan(p + '/scale/biases')])
        return (g.relu(y) if relu else y), size

    def residual(x, size, p):
        y, _ = conv_layer(x, size, p + '/conv1', 1, True, 'same')
        y, _ = conv_layer(y, size, p + '/conv2', 1, False, 'same')
        return g.relu(g.add(y, x)), size

    def cout(p):
        return wshape(w, p + '/conv/filters')[3]

    def residual_down(x, size, cin, p):
        y, osz = conv_layer(x, size, p + '/conv1', 2, True, 'valid')
        y, _ = conv_layer(y, osz, p + '/conv2', 1, False, 'same')
        psz = size // 2
        pooled = g.node('AveragePool', [x], kernel_shape=[2, 2], strides=[2, 2])
        c = cout(p + '/conv2')
        if psz != osz:  # face-api appends one zero row (bottom) and one zero column (right)
            assert psz == osz + 1
            y = g.node('Pad', [y, g.const(np.array([0, 0, 0, 0, 0, 0, 1, 1], dtype=np.int64), 'pads')], mode='constant')
        if c != cin:  # zero channels appended to the shortcut
            pooled = g.node('Pad', [pooled, g.const(np.array([0, 0, 0, 0, 0, c - cin, 0, 0], dtype=np.int64), 'pads')],
                            mode='constant')
        return g.relu(g.add(pooled, y)), psz, c

    x, size = conv_layer(x, size, 'conv32_down', 2, True, 'valid')
    x = g.node('MaxPool', [x], kernel_shape=[3, 3], strides=[2, 2])
    size = (size - 3) // 2 + 1
    c = 32
    for name in ['conv32_1', 'conv32_2', 'conv32_3']:
        x, size = residual(x, size, name)
    for stage in [['conv64_down', 'conv64_1', 'conv64_2', 'conv64_3'],
                  ['conv128_down', 'conv128_1', 'conv128_2'],
                  ['conv256_down', 'conv256_1', 'conv256_2'],
                  ['conv256_down_out']]:
        x, size, c = residual_down(x, size, c, stage[0])
        for name in stage[1:]:
            x, size = residual(x, size, name)
    x = g.node('GlobalAveragePool', [x])
    x = g.node('Flatten', [x], axis=1)
    x = g.node('MatMul', [x, g.weight('fc')])
    rename_output(g, x, 'descriptor')
    return g.finish('image', 150, [('descriptor', ['N', 128])],
                    'face-api face recognition net (ResNet-34-like, 128-d; vladmandic/face-api 1.7.15 weights, MIT)')


# ---------------------------------------------------------------- ssd_mobilenetv1
def build_ssd(w):
    g = G(w, 'ssd_mobilenetv1')
    eps = 0.0010000000474974513
    x = g.node('Mul', ['image', g.const(np.array(2.0, dtype=np.float32), 'two')])
    x = g.node('Sub', [x, g.const(np.array(1.0, dtype=np.float32), 'one')])
    size = 512

    def pointwise(x, size, p, s):
        key = p + '/weights'
        k = wshape(w, key)[0]
        y, size = g.conv(x, size, g.conv_w(key), k, s, 'same', bias=g.weight(p + '/convolution_bn_offset'), base=p)
        y = g.node('Clip', [y, g.const(np.array(0.0, dtype=np.float32), 'zero'), g.const(np.array(6.0, dtype=np.float32), 'six')])
        return y, size

    def depthwise(x, size, p, s):
        c = wshape(w, p + '/depthwise_weights')[2]
        y, size = g.conv(x, size, g.dw_w(p + '/depthwise_weights'), 3, s, 'same', group=c, base=p)
        y = g.node('BatchNormalization', [y, g.weight(p + '/BatchNorm/gamma'), g.weight(p + '/BatchNorm/beta'),
                                          g.weight(p + '/BatchNorm/moving_mean'), g.weight(p + '/BatchNorm/moving_variance')],
                   epsilon=eps)
        y = g.node('Clip', [y, g.const(np.array(0.0, dtype=np.float32), 'zero'), g.const(np.array(6.0, dtype=np.float32), 'six')])
        return y, size

    x, size = pointwise(x, size, 'MobilenetV1/Conv2d_0_pointwise', 2)
    conv11 = None
    for i in range(1, 14):
        s = 2 if i in (2, 4, 6, 12) else 1
        x, size = depthwise(x, size, 'MobilenetV1/Conv2d_%d_depthwise' % i, s)
        x, size = pointwise(x, size, 'MobilenetV1/Conv2d_%d_pointwise' % i, 1)
        if i == 11:
            conv11 = x
    feats = [conv11, x]
    y = x
    for i in range(8):
        y, size = pointwise(y, size, 'Prediction/Conv2d_%d_pointwise' % i, 2 if i % 2 == 1 else 1)
        if i % 2 == 1:
            feats.append(y)
    boxes, classes = [], []
    for i, f in enumerate(feats):
        p = 'Prediction/BoxPredictor_%d' % i
        b = g.node('Conv', [f, g.conv_w(p + '/BoxEncodingPredictor/weights'), g.weight(p + '/BoxEncodingPredictor/biases')],
                   kernel_shape=[1, 1])
        c = g.node('Conv', [f, g.conv_w(p + '/ClassPredictor/weights'), g.weight(p + '/ClassPredictor/biases')],
                   kernel_shape=[1, 1])
        # NCHW -> NHWC -> [N, H*W*A, k] (TF reshape order: row, column, anchor)
        b = g.node('Transpose', [b], perm=[0, 2, 3, 1])
        boxes.append(g.node('Reshape', [b, g.const(np.array([0, -1, 4], dtype=np.int64), 'shape')]))
        c = g.node('Transpose', [c], perm=[0, 2, 3, 1])
        classes.append(g.node('Reshape', [c, g.const(np.array([0, -1, 3], dtype=np.int64), 'shape')]))
    enc = g.node('Concat', boxes, axis=1)  # [N,5118,4] = ty,tx,th,tw
    cls = g.node('Concat', classes, axis=1)  # [N,5118,3]
    anchors = w['Output/extra_dim'][0].astype(np.float32)[0]  # [5118,4]: ymin,xmin,ymax,xmax
    g.used.add('Output/extra_dim')
    assert anchors.shape == (5118, 4)
    ah = anchors[:, 2] - anchors[:, 0]
    aw = anchors[:, 3] - anchors[:, 1]
    acy = anchors[:, 0] + ah / 2
    acx = anchors[:, 1] + aw / 2
    sizes = g.const(np.stack([ah, aw], 1)[None].astype(np.float32), 'anchor_hw')  # [1,5118,2]
    centers = g.const(np.stack([acy, acx], 1)[None].astype(np.float32), 'anchor_c')

    def sl(t, a, b):
        return g.node('Slice', [t, g.const(np.array([a], dtype=np.int64), 's'), g.const(np.array([b], dtype=np.int64), 'e'),
                                g.const(np.array([2], dtype=np.int64), 'ax')])

    tyx = sl(enc, 0, 2)
    thw = sl(enc, 2, 4)
    # half size = exp(t/5) * size / 2, centre = t/10 * size + anchor centre (face-api decodeBoxesLayer)
    half = g.node('Div', [g.node('Mul', [g.node('Exp', [g.node('Div', [thw, g.const(np.array(5.0, dtype=np.float32), 'five')])]),
                                         sizes]), g.const(np.array(2.0, dtype=np.float32), 'two')])
    cen = g.node('Add', [g.node('Mul', [g.node('Div', [tyx, g.const(np.array(10.0, dtype=np.float32), 'ten')]), sizes]), centers])
    out_boxes = g.node('Concat', [g.node('Sub', [cen, half]), g.node('Add', [cen, half])], axis=2)
    rename_output(g, out_boxes, 'boxes')
    score = g.node('Sigmoid', [sl(cls, 1, 2)])
    score = g.node('Squeeze', [score, g.const(np.array([2], dtype=np.int64), 'axes')])
    rename_output(g, score, 'scores')
    return g.finish('image', 512, [('boxes', ['N', 5118, 4]), ('scores', ['N', 5118])],
                    'face-api SSD MobileNetV1 face detector (weights Apache-2.0, trained on WIDER FACE; vladmandic/face-api 1.7.15)')


# ---------------------------------------------------------------- tiny_face_detector
TINY_MEAN_RGB = [117.001, 114.697, 97.404]


def tiny_pool_pads(k):
    """(size after conv0, pads of the six max pools) for input side 32*k: TF 'same' 2x2 pools, the last with
    stride 1. The pads are the same for every k >= 1, which lets the graph take any side divisible by 32."""
    size = 32 * k - 2  # conv0, 'valid'
    pads = []
    for i in range(6):
        s = 1 if i == 5 else 2
        size, a, b = G.same_pads(size, 2, s)
        pads.append([a, a, b, b])
    return size, pads


def build_tiny(w):
    g = G(w, 'tiny_face_detector')
    # (255*x - mean) / 255: vladmandic 1.7.15 divides by 255 (face-api.js 0.22 divided by 256)
    x = g.node('Mul', ['image', g.const(np.array(255.0, dtype=np.float32), 'u8scale')])
    x = g.node('Sub', [x, g.const(np.array(TINY_MEAN_RGB, dtype=np.float32).reshape(1, 3, 1, 1), 'mean_rgb')])
    x = g.node('Div', [x, g.const(np.array(255.0, dtype=np.float32), 'div')])
    cells, pads = tiny_pool_pads(13)
    assert cells == 13
    for k in (1, 2, 5, 19):
        assert tiny_pool_pads(k) == (k, pads), k

    def leaky(x):
        return g.node('LeakyRelu', [x], alpha=0.1)

    def pool(x, i):
        s = 1 if i == 5 else 2
        return g.node('MaxPool', [x], kernel_shape=[2, 2], strides=[s, s], pads=pads[i])

    x = g.node('Conv', [x, g.conv_w('conv0/filters'), g.weight('conv0/bias')], 'conv0', kernel_shape=[3, 3])
    x = pool(leaky(x), 0)
    for i in range(1, 6):
        p = 'conv%d' % i
        c = wshape(w, p + '/depthwise_filter')[2]
        # tf.pad by 1 with zeros, then separableConv2d 'valid', + bias, leaky
        x = g.node('Conv', [x, g.dw_w(p + '/depthwise_filter')], p + '_dw', kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=c)
        x = g.node('Conv', [x, g.conv_w(p + '/pointwise_filter'), g.weight(p + '/bias')], p + '_pw', kernel_shape=[1, 1])
        x = pool(leaky(x), i)
    x = g.node('Conv', [x, g.conv_w('conv8/filters'), g.weight('conv8/bias')], 'conv8', kernel_shape=[1, 1])
    rename_output(g, x, 'grid')
    return g.finish('image', 'S', [('grid', ['N', 25, 'G', 'G'])],
                    'face-api tiny face detector (Tiny YOLO v2 with separable convs; vladmandic/face-api 1.7.15 '
                    'weights, MIT). Input side S: any multiple of 32 (face-api default 416); grid G = S/32; '
                    'channel 5*a+k of anchor a: tx, ty, tw, th, score logit (decode in Java).')


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    for model, builder, out in [('face_landmark_68_model', build_landmarks, 'face_landmark_68.onnx'),
                                ('face_recognition_model', build_recognition, 'face_recognition.onnx'),
                                ('ssd_mobilenetv1_model', build_ssd, 'ssd_mobilenetv1.onnx'),
                                ('tiny_face_detector_model', build_tiny, 'tiny_face_detector.onnx')]:
        w = load_weights(src, model)
        m, unused = builder(w)
        onnx.checker.check_model(m)
        path = os.path.join(dst, out)
        onnx.save(m, path)
        data = open(path, 'rb').read()
        print('%-24s %9d bytes  sha256 %s  nodes %d  unused weights: %s' % (
            out, len(data), hashlib.sha256(data).hexdigest()[:16], len(m.graph.node), sorted(unused) or 'none'))


if __name__ == '__main__':
    main()
