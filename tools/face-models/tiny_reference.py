#!/usr/bin/python3
"""Numpy rebuild of face-api's tiny face detector, independent of the ONNX graph builder in convert.py, and the
expected output of asffnet-face's TinyFaceDetectorParityTest.

Usage (Debian python3 + numpy; the image decoded by DecodeImages.java so both sides see the same pixels):

    echo 7201/033066.jpg > /tmp/tiny-id.txt
    java tools/face-models/DecodeImages.java ../shared/data/celeba-faces /tmp/tiny-id.txt /tmp/tiny-rgb
    /usr/bin/python3 tools/face-models/tiny_reference.py /work/cache/faceapi/package/model \\
        /tmp/tiny-rgb/7201_033066.jpg.rgb 7201/033066.jpg 16,0,288,320 \\
        asffnet-face/src/test/resources/dev/asffnet/face/tiny_reference.json

The crop (x,y,w,h) of the decoded image is the detector's photo (not square, so the padding and face-api's
rounded correction factor are exercised). For each input side S in SIZES it writes the 5*G*G score logits
(G = S/32, order row, column, anchor as face-api reads them) and the decoded detections.

Everything runs in float64 on the float32 weights (uint8 * scale + min, as tfjs dequantises them) and on the
pixels as FaceImage holds them (float32 u8/255). Layers and decoding follow face-api (vladmandic 1.7.15):

- pad right/bottom with zeros to side max(w,h); TF legacy bilinear resize to S (output r reads r*side/S);
  x -> (255x - [117.001, 114.697, 97.404]) / 255;
- conv0 3x3 'valid' + bias, leaky 0.1, max pool 2x2/2 'same'; conv1..conv5: zero pad 1, depthwise 3x3,
  pointwise 1x1 + bias, leaky 0.1, max pool 2x2 'same' (stride 2, the last stride 1); conv8 1x1 + bias;
- channel 5a+k of anchor a: score = sigmoid(logit) kept when > 0.5; centre ((col, row) + sigmoid(tx, ty))/G,
  size exp(tw, th) * anchor / G, relative to the padded square; greedy NMS dropping IoU > 0.4; clipped to [0,1]
  (as face-api's SSD does; its tiny detector does not clip), times S / round(w*S/side) and the image size.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert import load_weights  # noqa: E402  (manifest parsing only; the layers below are separate)

MEAN = np.array([117.001, 114.697, 97.404])
ANCHORS = [(1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061), (4.266906, 5.178857),
           (9.041765, 10.66308)]
SIZES = [416, 160]
MIN_SCORE = 0.5
IOU = 0.4


def weights(model_dir):
    out = {}
    for k, (arr, q) in load_weights(model_dir, 'tiny_face_detector_model').items():
        if q is not None:
            raw, scale, mn = q
            arr = (raw.astype(np.float64) * scale + mn).astype(np.float32)
        out[k] = arr.astype(np.float64)
    return out


def read_rgb(path):
    b = open(path, 'rb').read()
    w, h = np.frombuffer(b[:8], dtype='<i4')
    return np.frombuffer(b[8:], dtype=np.uint8).reshape(h, w, 3)


def square_input(rgb, size):
    """[3,S,S] float64: FaceImage values (float32 u8/255), zero-padded right/bottom, legacy bilinear."""
    h, w, _ = rgb.shape
    side = max(w, h)
    img = np.zeros((side, side, 3), dtype=np.float64)
    img[:h, :w] = rgb.astype(np.float32) / np.float32(255)
    src = np.arange(size) * (side / size)
    r0 = np.floor(src).astype(int)
    r1 = np.minimum(r0 + 1, side - 1)
    f = src - r0
    rows = img[r0] * (1 - f)[:, None, None] + img[r1] * f[:, None, None]  # along y, then along x (Java:
    out = rows[:, r0] * (1 - f)[None, :, None] + rows[:, r1] * f[None, :, None]  # x first; float64 rounding only)
    return out.astype(np.float32).astype(np.float64).transpose(2, 0, 1)


def leaky(x):
    return np.where(x > 0, x, 0.1 * x)


def conv3x3(x, k, depthwise):
    """'valid' 3x3 convolution of x [C,H,W] with a TF kernel [3,3,C,1] (depthwise) or [3,3,C,O]."""
    c, h, w = x.shape
    out = None
    for dy in range(3):
        for dx in range(3):
            patch = x[:, dy:h - 2 + dy, dx:w - 2 + dx]
            t = patch * k[dy, dx, :, 0][:, None, None] if depthwise else np.einsum('chw,co->ohw', patch, k[dy, dx])
            out = t if out is None else out + t
    return out


def pointwise(x, k, bias):
    return np.einsum('chw,co->ohw', x, k[0, 0]) + bias[:, None, None]


def max_pool_same(x, stride):
    """TF 2x2 max pool, 'same': padding (ignored) after only, as for the sizes this net sees."""
    c, h, w = x.shape
    out_h = -(-h // stride)
    pad = max(0, (out_h - 1) * stride + 2 - h)
    p = np.full((c, h + pad, w + pad), -np.inf)
    p[:, :h, :w] = x
    m = np.maximum(np.maximum(p[:, 0:out_h * stride:stride, 0:out_h * stride:stride],
                              p[:, 0:out_h * stride:stride, 1:out_h * stride + 1:stride]),
                   np.maximum(p[:, 1:out_h * stride + 1:stride, 0:out_h * stride:stride],
                              p[:, 1:out_h * stride + 1:stride, 1:out_h * stride + 1:stride]))
    return m


def net(w, x):
    x = (255 * x - MEAN[:, None, None]) / 255
    x = conv3x3(x, w['conv0/filters'], False) + w['conv0/bias'][:, None, None]
    x = max_pool_same(leaky(x), 2)
    for i in range(1, 6):
        p = 'conv%d' % i
        x = np.pad(x, ((0, 0), (1, 1), (1, 1)))
        x = conv3x3(x, w[p + '/depthwise_filter'], True)
        x = leaky(pointwise(x, w[p + '/pointwise_filter'], w[p + '/bias']))
        x = max_pool_same(x, 1 if i == 5 else 2)
    return pointwise(x, w['conv8/filters'], w['conv8/bias'])  # [25,G,G]


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def decode(grid, size, w, h):
    g = grid.shape[1]
    cand = []
    for row in range(g):
        for col in range(g):
            for a in range(5):
                t = grid[5 * a:5 * a + 5, row, col]
                score = sigmoid(t[4])
                if score > MIN_SCORE:
                    cx = (col + sigmoid(t[0])) / g
                    cy = (row + sigmoid(t[1])) / g
                    bw = np.exp(t[2]) * ANCHORS[a][0] / g
                    bh = np.exp(t[3]) * ANCHORS[a][1] / g
                    cand.append((score, cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2))
    cand.sort(key=lambda c: -c[0])
    kept = []
    for c in cand:
        if all(iou(c, k) <= IOU for k in kept):
            kept.append(c)
    side = max(w, h)
    fx = size / round(w * size / side)
    fy = size / round(h * size / side)
    out = []
    for s, x0, y0, x1, y1 in kept:
        x0, y0, x1, y1 = max(0, x0) * fx, max(0, y0) * fy, min(1, x1) * fx, min(1, y1) * fy
        out.append([x0 * w, y0 * h, (x1 - x0) * w, (y1 - y0) * h, s])
    return out


def iou(a, b):
    iw = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    ih = max(0.0, min(a[4], b[4]) - max(a[2], b[2]))
    inter = iw * ih
    return inter / ((a[3] - a[1]) * (a[4] - a[2]) + (b[3] - b[1]) * (b[4] - b[2]) - inter)


def main():
    if len(sys.argv) != 6:
        print(__doc__)
        sys.exit(2)
    model_dir, rgb_path, image_id, crop, out_path = sys.argv[1:]
    cx, cy, cw, ch = (int(v) for v in crop.split(','))
    rgb = read_rgb(rgb_path)[cy:cy + ch, cx:cx + cw]
    assert rgb.shape == (ch, cw, 3), rgb.shape
    w = weights(model_dir)
    cases = []
    for size in SIZES:
        grid = net(w, square_input(rgb, size))
        g = size // 32
        assert grid.shape == (25, g, g)
        logits = [float('%.8g' % grid[5 * a + 4, r, c]) for r in range(g) for c in range(g) for a in range(5)]
        dets = [[round(v, 6) for v in d] for d in decode(grid, size, cw, ch)]
        cases.append({'inputSize': size, 'grid': g, 'scoreLogits': logits, 'detections': dets})
        print('S=%d: %d detections %s, max logit %.4f' % (size, len(dets), dets, grid[4::5].max()))
    doc = {'generator': 'tools/face-models/tiny_reference.py (numpy float64 rebuild)', 'image': image_id,
           'crop': [cx, cy, cw, ch], 'minScore': MIN_SCORE, 'iouThreshold': IOU, 'cases': cases}
    with open(out_path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
