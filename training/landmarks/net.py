"""face-api's 68-point landmark net (face_landmark_68) rebuilt in PyTorch, plus the exact input
preprocessing and output decoding of the Java front end (asffnet FaceNets.squareInput /
OnnxLandmarkDetector.decode), and the refinement-box formula.

Graph (as in the packaged ONNX file): input `image` [N,3,112,112] RGB in [0,1]; inside the graph
x' = (255 x - [122.782, 117.001, 104.298]) / 255; four dense blocks (32/64/128/256 channels at
56/28/14/7), each o1 = relu(conv_s2(x)), o2 = sep(o1), o3 = sep(relu(o1+o2)), o4 = sep(relu(o1+o2+o3)),
out = relu(o1+o2+o3+o4); block 0's conv_s2 is a plain 3x3 conv, the others separable (depthwise 3x3 +
pointwise 1x1 + bias). Stride-2 convs use TF 'same' padding (0 before, 1 after). Global average pool,
fc 256->136 (x0,y0,...,x67,y67 relative to the zero-padded square crop). Output `landmarks` [N,136].
"""
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SIZE = 112
MEAN_RGB = (122.782, 117.001, 104.298)
CHANNELS = (32, 64, 128, 256)
HERE_ORIGINAL = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'asffnet-models',
                                             'src', 'main', 'resources', 'dev', 'asffnet', 'models', 'face',
                                             'face_landmark_68.onnx'))


class SepConv(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.stride = stride
        self.dw = nn.Conv2d(cin, cin, 3, stride, padding=0 if stride == 2 else 1, groups=cin, bias=False)
        self.pw = nn.Conv2d(cin, cout, 1, bias=True)

    def forward(self, x):
        if self.stride == 2:
            x = F.pad(x, (0, 1, 0, 1))
        return self.pw(self.dw(x))


class FirstConv(nn.Module):
    """Block 0's plain 3x3 stride-2 conv 3->32 with TF 'same' padding."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, 2, padding=0, bias=True)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)))


class DenseBlock(nn.Module):
    def __init__(self, cin, cout, first=False):
        super().__init__()
        self.conv0 = FirstConv(cin, cout) if first else SepConv(cin, cout, 2)
        self.conv1 = SepConv(cout, cout)
        self.conv2 = SepConv(cout, cout)
        self.conv3 = SepConv(cout, cout)

    def forward(self, x):
        o1 = F.relu(self.conv0(x))
        o2 = self.conv1(o1)
        o3 = self.conv2(F.relu(o1 + o2))
        o4 = self.conv3(F.relu(o1 + (o2 + o3)))
        return F.relu(o1 + (o2 + (o3 + o4)))


class LandmarkNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('mean', torch.tensor(MEAN_RGB, dtype=torch.float32).view(1, 3, 1, 1))
        blocks, cin = [], 3
        for n, c in enumerate(CHANNELS):
            blocks.append(DenseBlock(cin, c, first=(n == 0)))
            cin = c
        self.blocks = nn.ModuleList(blocks)
        self.fc = nn.Linear(256, 136)

    def forward(self, image):
        """image [N,3,112,112] RGB in [0,1] -> [N,136] relative to the padded square."""
        x = (image * 255.0 - self.mean) / 255.0
        for b in self.blocks:
            x = b(x)
        return self.fc(x.mean(dim=(2, 3)))


# ----------------------------------------------------------------------------------- ONNX weights
def onnx_initializers(path):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    return {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}


def _tensor(inits, key):
    """Float32 tensor `key` from initializers: either a float initializer named exactly `key`, or the
    original's uint8 triple `<key>_u8_*`, `<key>_scale_*`, `<key>_min_*` dequantised in float32 exactly
    like its graph does (Cast, Mul scale, Add min)."""
    if key in inits:
        return np.asarray(inits[key], np.float32)
    parts = {}
    for name, v in inits.items():
        for kind in ('u8', 'scale', 'min'):
            pre = key + '_' + kind + '_'
            if name.startswith(pre) and name[len(pre):].isdigit():
                parts[kind] = v
    if len(parts) != 3:
        raise KeyError('no weights for %s' % key)
    q = parts['u8'].astype(np.float32)
    return (q * np.float32(parts['scale'])).astype(np.float32) + np.float32(parts['min'])


def weight_names():
    """(onnx key, torch state_dict key, transpose-for-fc) for every parameter."""
    out = []
    for b in range(4):
        for c in range(4):
            p = 'dense%d_conv%d' % (b, c)
            t = 'blocks.%d.conv%d' % (b, c)
            if b == 0 and c == 0:
                out += [(p + '_filters', t + '.conv.weight'), (p + '_bias', t + '.conv.bias')]
            else:
                out += [(p + '_depthwise_filter', t + '.dw.weight'), (p + '_pointwise_filter', t + '.pw.weight'),
                        (p + '_bias', t + '.pw.bias')]
    out += [('fc_weights', 'fc.weight'), ('fc_bias', 'fc.bias')]
    return out


def load_onnx(path=HERE_ORIGINAL):
    """A LandmarkNet with the weights of an ONNX file (the original uint8-quantised one or our export)."""
    inits = onnx_initializers(path)
    net = LandmarkNet()
    sd = net.state_dict()
    for ok, tk in weight_names():
        w = _tensor(inits, ok)
        if tk == 'fc.weight':
            w = w.T                                  # ONNX Gemm B is [in, out]
        assert tuple(sd[tk].shape) == w.shape, (ok, sd[tk].shape, w.shape)
        sd[tk] = torch.from_numpy(np.array(w, np.float32, copy=True))
    net.load_state_dict(sd)
    return net.eval()


# ------------------------------------------------------------- preprocessing exactly as the Java side
def clip_box(box, img_w, img_h):
    """face-api Box.clipAtImageBorders as FaceNets.Crop.clip: returns integer (x, y, w, h)."""
    bx, by, bw, bh = [float(v) for v in box]
    cx, cy = max(bx, 0.0), max(by, 0.0)
    w = min(bx + bw - cx, img_w - cx)
    h = min(by + bh - cy, img_h - cy)
    return int(np.floor(cx)), int(np.floor(cy)), int(np.floor(w)), int(np.floor(h))


def _axis_taps(s, size):
    src = (s / size) * np.arange(size, dtype=np.float64)
    r0 = np.maximum(0, np.floor(src)).astype(np.int64)
    r1 = np.minimum(s - 1, np.ceil(src)).astype(np.int64)
    return r0, r1, src - r0


def square_input(img, crop, size=INPUT_SIZE):
    """img float (3,H,W) in [0,1]; crop integer (x,y,w,h) inside img -> (3,size,size) float32: zero-pad to
    a centred square (face-api padToSquare: round(diff/2) after, rest before), TF legacy bilinear
    (output pixel r reads the square at r*s/size). Same arithmetic as FaceNets.squareInput (float64)."""
    x, y, w, h = crop
    s = max(w, h)
    diff = abs(w - h)
    before = diff - int(np.floor(diff * 0.5 + 0.5))
    offx = before if w < h else 0
    offy = before if h < w else 0
    sq = np.zeros((img.shape[0], s + 1, s + 1), np.float64)      # one spare row/col never read
    sq[:, offy:offy + h, offx:offx + w] = img[:, y:y + h, x:x + w]
    r0, r1, f = _axis_taps(s, size)
    rows0, rows1 = sq[:, r0, :], sq[:, r1, :]
    top = rows0[:, :, r0] + (rows0[:, :, r1] - rows0[:, :, r0]) * f[None, None, :]
    bot = rows1[:, :, r0] + (rows1[:, :, r1] - rows1[:, :, r0]) * f[None, None, :]
    return (top + (bot - top) * f[None, :, None]).astype(np.float32)


def decode(out, crop):
    """Net output (136,) or (68,2) -> (68,2) image pixels, as OnnxLandmarkDetector.decode."""
    x, y, w, h = crop
    s = float(max(w, h))
    o = np.asarray(out, np.float64).reshape(68, 2)
    return np.stack([o[:, 0] * s - (s - w) / 2.0 + x, o[:, 1] * s - (s - h) / 2.0 + y], axis=-1)


def encode(L, crop):
    """Inverse of decode: image-pixel landmarks -> the net's target (136,)."""
    x, y, w, h = crop
    s = float(max(w, h))
    L = np.asarray(L, np.float64)
    return np.stack([(L[:, 0] - x + (s - w) / 2.0) / s, (L[:, 1] - y + (s - h) / 2.0) / s], -1).reshape(-1)


# ------------------------------------------------------------------------------- refinement box
# Square box from a first pass's landmarks, calibrated on the framing the original net's reference
# landmarks were made with (celeba fixed box; see README "Refinement box"): m = max(bbox w, bbox h),
# centre = bbox centre + (0, REFINE_DY * m), side = REFINE_K * m.
REFINE_K = 1.20
REFINE_DY = -0.13


def refine_box(L, k=None, dy=None):
    k = REFINE_K if k is None else k
    dy = REFINE_DY if dy is None else dy
    L = np.asarray(L, np.float64)
    x0, y0 = L.min(0)
    x1, y1 = L.max(0)
    m = max(x1 - x0, y1 - y0)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0 + dy * m
    side = k * m
    return (cx - side / 2.0, cy - side / 2.0, side, side)


def run_net(net, img, box):
    """One image (3,H,W) [0,1], float box (x,y,w,h) -> (68,2) landmarks in image pixels."""
    crop = clip_box(box, img.shape[2], img.shape[1])
    inp = torch.from_numpy(square_input(img, crop)[None])
    with torch.no_grad():
        out = net(inp)[0].numpy()
    return decode(out, crop)


def run_batch(net, imgs, boxes):
    crops = [clip_box(b, im.shape[2], im.shape[1]) for im, b in zip(imgs, boxes)]
    inp = torch.from_numpy(np.stack([square_input(im, c) for im, c in zip(imgs, crops)]))
    with torch.no_grad():
        out = net(inp).numpy()
    return np.stack([decode(o, c) for o, c in zip(out, crops)])
