"""ASFFNet512 inference network with spectral norm folded (notes sections 3-4).

Module and parameter names follow the authors' state-dict keys with the SN suffix dropped: an SN conv
`P.weight_orig` (+ `P.weight_u`, `P.weight_v`) becomes a plain conv `P.weight` whose weight is
weight_orig / (u . (W_mat v)) (section 3), computed by `fold_state_dict` in float64.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LRELU = 0.2


def conv(cin, cout, k, stride=1, dilation=1, bias=True):
    return nn.Conv2d(cin, cout, k, stride, (k - 1) // 2 * dilation, dilation, bias=bias)


def act():
    return nn.LeakyReLU(LRELU)


class Res(nn.Module):
    """x + stem(x), stem = conv(d0) -> LReLU -> conv(d1) (section 4.1)."""

    def __init__(self, c, d0, d1):
        super().__init__()
        self.stem = nn.Sequential(conv(c, c, 3, dilation=d0), act(), conv(c, c, 3, dilation=d1))

    def forward(self, x):
        return x + self.stem(x)


class Extractor(nn.Module):
    """LQ_Model / Ref_Model (section 4.1): 3 -> 128 channels at 1/4 resolution."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(conv(3, 64, 3), act())
        self.stem1_1, self.stem1_2 = Res(64, 7, 5), Res(64, 7, 5)
        self.conv2 = nn.Sequential(conv(64, 128, 3, stride=2), act())
        self.stem2_1, self.stem2_2 = Res(128, 5, 3), Res(128, 5, 3)
        self.conv3 = nn.Sequential(conv(128, 256, 3, stride=2), act())
        self.stem3_1, self.stem3_2 = Res(256, 3, 1), Res(256, 3, 1)
        self.conv4 = nn.Sequential(conv(256, 128, 3), act())

    def forward(self, x):
        x = self.stem1_2(self.stem1_1(self.conv1(x)))
        x = self.stem2_2(self.stem2_1(self.conv2(x)))
        x = self.stem3_2(self.stem3_1(self.conv3(x)))
        return self.conv4(x)


class MaskC(nn.Module):
    """Mask_CModel (section 4.2): landmark map -> 128 channels in (0,1); no bias, no SN."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(1, 16, 9, 2, 4, bias=False), act(), nn.Conv2d(16, 32, 7, 1, 3, bias=False), act(),
            nn.Conv2d(32, 64, 5, 2, 2, bias=False), act(), nn.Conv2d(64, 128, 3, 1, 1, bias=False), act(),
            nn.Conv2d(128, 128, 3, 1, 1, bias=False), nn.Sigmoid())

    def forward(self, m):
        return self.model(m)


class UpRes(nn.Module):
    """x + LReLU(conv(LReLU(conv(x)))) (section 4.5)."""

    def __init__(self, c):
        super().__init__()
        self.Model = nn.Sequential(conv(c, c, 3), act(), conv(c, c, 3), act())

    def forward(self, x):
        return x + self.Model(x)


class ComponentC(nn.Module):
    """Component_CModel (section 4.5): guidance conditioning."""

    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(conv(128, 128, 1), act(), UpRes(128), conv(128, 128, 1), act(), UpRes(128),
                                   conv(128, 128, 1), act())

    def forward(self, x):
        return self.model(x)


class SFF(nn.Module):
    """SFF layer (section 4.6): out = D' + (G' - D') * M, M unbounded, 128 channels."""

    def __init__(self):
        super().__init__()
        self.MaskModel = nn.Sequential(conv(192, 128, 3, bias=False), act(), conv(128, 128, 3, bias=False))
        self.MaskConcat = nn.Sequential(conv(128, 64, 1))
        self.DegradedModel = nn.Sequential(conv(128, 128, 3), act(), conv(128, 128, 3))
        self.DegradedConcat = nn.Sequential(conv(128, 64, 1))
        self.RefModel = nn.Sequential(conv(128, 128, 3), act(), conv(128, 128, 3))
        self.RefConcat = nn.Sequential(conv(128, 64, 1))

    def forward(self, d, g, l):
        d2 = self.DegradedModel(d)
        g2 = self.RefModel(g)
        m = self.MaskModel(torch.cat([self.MaskConcat(l), self.DegradedConcat(d2), self.RefConcat(g2)], 1))
        return d2 + (g2 - d2) * m


class ASFFBlock(nn.Module):
    """Section 4.7: x + c1(SFF1(c0(SFF0(x))))."""

    def __init__(self):
        super().__init__()
        self.sff0, self.sff1 = SFF(), SFF()
        self.conv0 = nn.Sequential(conv(128, 128, 5), act(), conv(128, 128, 3), act())
        self.conv1 = nn.Sequential(conv(128, 128, 5), act(), conv(128, 128, 3), act())

    def forward(self, x, g, l):
        y = self.conv0(self.sff0(x, g, l))
        return x + self.conv1(self.sff1(y, g, l))


class Fusion(nn.ModuleList):
    """sff_branch: 4 ASFF blocks then a final SFF layer, no residual (section 4.7)."""

    def __init__(self):
        super().__init__([ASFFBlock() for _ in range(4)] + [SFF()])

    def forward(self, x, g, l):
        for block in self:
            x = block(x, g, l)
        return x


class MSDilateBlock(nn.Module):
    """Section 4.8: branches with dilation 4, 3, 2, 1 concatenated, two convs, residual."""

    def __init__(self):
        super().__init__()
        for i, d in enumerate([4, 3, 2, 1]):
            setattr(self, 'conv%d' % (i + 1), nn.Sequential(conv(128, 64, 3, dilation=d), act()))
        self.convi = nn.Sequential(conv(256, 128, 3), act(), conv(128, 128, 3))

    def forward(self, x):
        y = torch.cat([self.conv1(x), self.conv2(x), self.conv3(x), self.conv4(x)], 1)
        return x + self.convi(y)


class UpDilateRes(nn.Module):
    """Section 4.9: y = x + B0(x); out = y + B1(y); Bi = LReLU(conv_di(LReLU(conv_di(.))))."""

    def __init__(self, c, dilations):
        super().__init__()
        self.Model0 = nn.Sequential(conv(c, c, 3, dilation=dilations[0]), act(), conv(c, c, 3, dilation=dilations[0]), act())
        self.Model1 = nn.Sequential(conv(c, c, 3, dilation=dilations[1]), act(), conv(c, c, 3, dilation=dilations[1]), act())

    def forward(self, x):
        y = x + self.Model0(x)
        return y + self.Model1(y)


class Up2(nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)


def adain(content, style, eps=1e-5):
    """Section 4.3: global per-channel stats, unbiased variance + eps inside the sqrt."""
    n, c = content.shape[:2]
    cf = content.reshape(n, c, -1)
    sf = style.reshape(n, c, -1)
    cm, sm = cf.mean(2, keepdim=True), sf.mean(2, keepdim=True)
    cs = (cf.var(2, keepdim=True) + eps).sqrt()
    ss = (sf.var(2, keepdim=True) + eps).sqrt()
    return ((cf - cm) / cs * ss + sm).reshape(content.shape)


class ASFFNet512(nn.Module):
    """Section 2: out = Recon(MSDilate(Fusion(F_d; GC(warp(AdaIN(F_g, F_d))), L)) + F_d), in [-1,1].
    The MLS grid (N, H/4, W/4, 2), normalised for grid_sample with align_corners=False, is an input."""

    def __init__(self):
        super().__init__()
        self.LQ_Model, self.Ref_Model = Extractor(), Extractor()
        self.Mask_CModel = MaskC()
        self.Component_CModel = ComponentC()
        self.sff_branch = Fusion()
        self.MSDilate = MSDilateBlock()
        self.UpModel = nn.Sequential(Up2(), conv(128, 128, 3), act(), UpDilateRes(128, [1, 2]), conv(128, 64, 3),
                                     act(), UpDilateRes(64, [1, 2]), Up2(), UpDilateRes(64, [1, 1]), conv(64, 3, 3),
                                     nn.Tanh())

    def forward(self, lq, ref, mask, grid):
        fd = self.LQ_Model(lq)
        fg = self.Ref_Model(ref)
        warped = F.grid_sample(adain(fg, fd), grid, mode='bilinear', padding_mode='zeros', align_corners=False)
        g = self.Component_CModel(warped)
        l = self.Mask_CModel(mask)
        x = self.MSDilate(self.sff_branch(fd, g, l))
        return self.UpModel(x + fd)


def fold_state_dict(sd):
    """The authors' state dict (SN: weight_orig, weight_u, weight_v) -> this module's plain weights,
    W = weight_orig / (u . (W_mat v)) in float64 (section 3)."""
    out = {}
    for k, v in sd.items():
        if k.endswith('.weight_orig'):
            p = k[:-len('.weight_orig')]
            w = v.double()
            u, vv = sd[p + '.weight_u'].double(), sd[p + '.weight_v'].double()
            sigma = torch.dot(u, w.reshape(w.shape[0], -1) @ vv)
            out[p + '.weight'] = (w / sigma).float()
        elif k.endswith('.weight_u') or k.endswith('.weight_v'):
            continue
        else:
            out[k] = v
    return out
