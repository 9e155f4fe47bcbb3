"""Stage-2 losses: perceptual (Eqn 11) and style (Eqn 13) on a fixed pretrained face net, hinge adversarial
loss (Eqns 14-15) with a spectral-normalised discriminator.

The paper's VGGFace is not available. The feature net is pluggable: load_feature_net(path) reads an ONNX
graph (the project's face-api face_recognition net) into a small torch interpreter and returns a module
giving 4 intermediate feature maps (Psi_1..Psi_4).
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class OnnxFeatures(nn.Module):
    """Minimal frozen torch evaluator for a convolutional ONNX graph (Conv, Relu, Add, Mul, Sub, Div,
    MaxPool, AveragePool, Pad, Transpose, Reshape, Identity...), returning the outputs of 4 chosen nodes."""

    def __init__(self, path, taps=None, prescale=1.0):
        super().__init__()
        import onnx
        from onnx import numpy_helper
        model = onnx.load(path)
        g = model.graph
        self.inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in g.initializer}
        self.nodes = list(g.node)
        self.input = [i.name for i in g.input if i.name not in self.inits][0]
        convs = [n.output[0] for n in self.nodes if n.op_type == 'Relu']
        # default taps: four spread-out activations, all computed before any global pooling
        self.taps = taps or [convs[int(len(convs) * f)] for f in (0.1, 0.3, 0.55, 0.8)]
        self.prescale = prescale     # the face-api graph does its own scaling/mean subtraction
        first = [i for i in g.input if i.name == self.input][0]
        dims = [d.dim_value for d in first.type.tensor_type.shape.dim]
        self.nhwc = len(dims) == 4 and dims[-1] == 3
        self.size = (dims[1], dims[2]) if self.nhwc else (dims[2], dims[3])

    def forward(self, x):
        x = x * self.prescale
        if all(self.size) and tuple(x.shape[-2:]) != tuple(self.size):
            x = F.interpolate(x, size=self.size, mode='bilinear', align_corners=False)
        if self.nhwc:
            x = x.permute(0, 2, 3, 1)
        env = dict(self.inits)
        env[self.input] = x
        feats = {}
        for n in self.nodes:
            ins = [env[i] if i else None for i in n.input]
            at = {a.name: a for a in n.attribute}
            op = n.op_type
            if op == 'Conv':
                pads = list(at['pads'].ints) if 'pads' in at else [0, 0, 0, 0]
                strides = list(at['strides'].ints) if 'strides' in at else [1, 1]
                dil = list(at['dilations'].ints) if 'dilations' in at else [1, 1]
                groups = at['group'].i if 'group' in at else 1
                xi = F.pad(ins[0], (pads[1], pads[3], pads[0], pads[2]))
                y = F.conv2d(xi, ins[1], ins[2] if len(ins) > 2 else None, strides, 0, dil, groups)
            elif op == 'Relu':
                y = F.relu(ins[0])
            elif op == 'LeakyRelu':
                y = F.leaky_relu(ins[0], at['alpha'].f if 'alpha' in at else 0.01)
            elif op == 'Add':
                y = ins[0] + ins[1]
            elif op == 'Sub':
                y = ins[0] - ins[1]
            elif op == 'Mul':
                y = ins[0] * ins[1]
            elif op == 'Div':
                y = ins[0] / ins[1]
            elif op in ('MaxPool', 'AveragePool'):
                k = list(at['kernel_shape'].ints)
                s = list(at['strides'].ints) if 'strides' in at else k
                pads = list(at['pads'].ints) if 'pads' in at else [0, 0, 0, 0]
                xi = F.pad(ins[0], (pads[1], pads[3], pads[0], pads[2]),
                           value=-1e30 if op == 'MaxPool' else 0.0)
                y = F.max_pool2d(xi, k, s) if op == 'MaxPool' else F.avg_pool2d(xi, k, s)
            elif op == 'Transpose':
                y = ins[0].permute(*list(at['perm'].ints))
            elif op == 'Cast':
                y = ins[0].float() if at['to'].i == 1 else ins[0]
            elif op == 'Identity':
                y = ins[0]
            elif op == 'Pad':
                p = ins[1].tolist() if ins[1] is not None else list(at['pads'].ints)
                r = len(p) // 2
                tp = []
                for d in range(r - 1, -1, -1):
                    tp += [int(p[d]), int(p[d + r])]
                y = F.pad(ins[0], tp)
            else:
                break      # stop at the first unsupported op (global pooling / fc): taps come before it
            env[n.output[0]] = y
            if n.output[0] in self.taps:
                feats[n.output[0]] = y
                if len(feats) == len(self.taps):
                    break
        out = [feats[t] for t in self.taps]
        if self.nhwc:
            out = [f.permute(0, 3, 1, 2) for f in out]
        return out


class PoolFeatures(nn.Module):
    """Fallback feature net when no pretrained net is usable: fixed average-pooled image pyramids
    (perceptual loss degenerates to a multi-scale MSE; style to colour-statistics matching)."""

    def forward(self, x):
        return [F.avg_pool2d(x, 2 ** u) for u in range(1, 5)]


def load_feature_net(path):
    if path:
        net = OnnxFeatures(path)
        with torch.no_grad():
            net(torch.rand(1, 3, 128, 128))     # fail early when an op is unsupported
        return net.eval()
    return PoolFeatures()


def gram(f):
    n, c, h, w = f.shape
    f = f.reshape(n, c, h * w)
    return f @ f.transpose(1, 2) / (h * w)


def perc_style(net, out, target):
    """Eqn 11 and Eqn 13 (Gram matrices normalised by H*W; squared error averaged over C*C entries)."""
    fo = net(out)
    with torch.no_grad():
        ft = net(target)
    perc = sum(F.mse_loss(a, b) for a, b in zip(fo, ft))
    style = sum(F.mse_loss(gram(a), gram(b)) for a, b in zip(fo, ft))
    return perc, style


def sn_conv(ci, co, k, s):
    return nn.utils.spectral_norm(nn.Conv2d(ci, co, k, s, k // 2))


class Discriminator(nn.Module):
    """SNGAN-style patch discriminator (spectral norm on every conv)."""

    def __init__(self, w=32):
        super().__init__()
        self.net = nn.Sequential(
            sn_conv(3, w, 3, 1), nn.LeakyReLU(0.2), sn_conv(w, w, 4, 2), nn.LeakyReLU(0.2),
            sn_conv(w, 2 * w, 3, 1), nn.LeakyReLU(0.2), sn_conv(2 * w, 2 * w, 4, 2), nn.LeakyReLU(0.2),
            sn_conv(2 * w, 4 * w, 3, 1), nn.LeakyReLU(0.2), sn_conv(4 * w, 4 * w, 4, 2), nn.LeakyReLU(0.2),
            sn_conv(4 * w, 1, 3, 1))

    def forward(self, x):
        return self.net(x * 2 - 1)


def hinge_d(disc, real, fake):
    """Eqn 14 written as a loss to minimise: E[relu(1 - D(I))] + E[relu(1 + D(I_hat))]."""
    return F.relu(1 - disc(real)).mean() + F.relu(1 + disc(fake)).mean()
