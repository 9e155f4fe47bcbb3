"""ASFFNet (Li et al., CVPR 2020, section 3) at S=128 with features at S/4=32, per docs/conventions.md.

Inputs: degraded (N,3,128,128), guidance (N,3,128,128), warp_grid (N,32,32,2) MLS backward grid
(align_corners=True), landmark_map (N,1,128,128). Output: restored (N,3,128,128) (not clamped).

Pipeline: F_d = E_d(degraded); F_g = E_g(guidance); F_gw = grid_sample(F_g, warp_grid) (Eqn 6);
F_gwa = AdaIN(F_gw, F_d) (Eqn 7, population variance + 1e-5); F_l = landmark subnet(landmark_map)
(bias-free convs, sigmoid); n ASFF blocks (Eqn 8); reconstruction = two PixelShuffle x2 stages each followed
by residual blocks, conv to RGB. Documented deviation: global residual, restored = degraded + net(...).
"""
from dataclasses import dataclass, asdict
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    width: int = 32           # channels at 1/4 resolution (32x32)
    width_full: int = 16      # channels at full resolution (128x128); 1/2 resolution uses 2*width_full
    ext_blocks: int = 1       # dilated residual blocks per extractor stage
    asff: int = 4             # number of ASFF blocks
    mask_width: int = 16      # channels after the 1x1 reductions inside ASFF
    recon_blocks: int = 1     # residual blocks after each PixelShuffle stage
    use_mls: bool = True
    use_adain: bool = True
    fusion: str = 'asff'      # 'asff' | 'concat'
    guided: bool = True       # False: unguided baseline (no guidance / landmark branches)
    global_residual: bool = True
    fr_guidance: bool = False # full-resolution guidance path into the two x2 reconstruction stages (FRFusion)
    fr_lm_width: int = 8      # landmark-feature channels of the full-resolution path


# The paper-sized setting (suppl.: 128-channel features, 4 ASFF blocks, two residual blocks after each
# pixel shuffle) for reference; far too slow for CPU training here.
PAPER = Config(width=128, width_full=64, ext_blocks=2, asff=4, mask_width=64, recon_blocks=2)
CONFIGS = {
    'default': Config(),
    'tiny': Config(width=24, width_full=12, asff=2, mask_width=8),
    'medium': Config(width=48, width_full=16, asff=4, mask_width=16),
    'large': Config(width=64, width_full=16, asff=4, mask_width=16),
    'deep': Config(width=48, width_full=16, asff=4, mask_width=16, ext_blocks=2, recon_blocks=2),
    # `medium` plus the full-resolution guidance path; warm-started from `medium` it computes the same function
    'medium_fr': Config(width=48, width_full=16, asff=4, mask_width=16, fr_guidance=True),
    'paper': PAPER,
}


def lrelu(x):
    return F.leaky_relu(x, 0.2)


class ResBlock(nn.Module):
    """x + conv(lrelu(conv(x))) with dilations (d1, d2)."""

    def __init__(self, c, d1=1, d2=1):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, 3, padding=d1, dilation=d1)
        self.c2 = nn.Conv2d(c, c, 3, padding=d2, dilation=d2)

    def forward(self, x):
        return x + self.c2(lrelu(self.c1(x)))


class Extractor(nn.Module):
    """Conv + dilated residual blocks, two stride-2 stages: 128 -> 64 -> 32."""

    def __init__(self, cfg):
        super().__init__()
        c0, c1, c2 = cfg.width_full, 2 * cfg.width_full, cfg.width
        self.conv1 = nn.Conv2d(3, c0, 3, padding=1)
        self.stem1 = nn.Sequential(*[ResBlock(c0, 3, 2) for _ in range(cfg.ext_blocks)])
        self.conv2 = nn.Conv2d(c0, c1, 3, stride=2, padding=1)
        self.stem2 = nn.Sequential(*[ResBlock(c1, 3, 2) for _ in range(cfg.ext_blocks)])
        self.conv3 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.stem3 = nn.Sequential(*[ResBlock(c2, 2, 1) for _ in range(cfg.ext_blocks)])
        self.conv4 = nn.Conv2d(c2, c2, 3, padding=1)

    def forward(self, x, shallow=False):
        """shallow=True also returns the stage outputs at 128 (width_full ch) and 64 (2*width_full ch)."""
        h1 = self.stem1(lrelu(self.conv1(x)))
        h2 = self.stem2(lrelu(self.conv2(h1)))
        x = self.stem3(lrelu(self.conv3(h2)))
        x = lrelu(self.conv4(x))
        return (x, h1, h2) if shallow else x


class LandmarkNet(nn.Module):
    """Landmark-map subnet: bias-free convs, 128 -> 32, sigmoid output."""

    def __init__(self, cfg):
        super().__init__()
        c = cfg.width
        self.convs = nn.ModuleList([
            nn.Conv2d(1, 8, 9, stride=2, padding=4, bias=False),
            nn.Conv2d(8, 16, 7, padding=3, bias=False),
            nn.Conv2d(16, c, 5, stride=2, padding=2, bias=False),
            nn.Conv2d(c, c, 3, padding=1, bias=False),
            nn.Conv2d(c, c, 3, padding=1, bias=False)])

    def forward(self, m):
        for conv in self.convs[:-1]:
            m = lrelu(conv(m))
        return torch.sigmoid(self.convs[-1](m))


def adain(fg, fd, eps=1e-5):
    """Eqn 7 with population variance: (fg - mu_g)/sigma_g * sigma_d + mu_d over H*W per sample/channel."""
    mg = fg.mean(dim=(2, 3), keepdim=True)
    md = fd.mean(dim=(2, 3), keepdim=True)
    sg = torch.sqrt(((fg - mg) ** 2).mean(dim=(2, 3), keepdim=True) + eps)
    sd = torch.sqrt(((fd - md) ** 2).mean(dim=(2, 3), keepdim=True) + eps)
    return (fg - mg) / sg * sd + md


class ASFFBlock(nn.Module):
    """Eqn 8: D' = F_d(x), G' = F_g(g); mask = sigmoid(convs([1x1(D'), 1x1(G'), 1x1(L)]));
    fused = D' + mask * (G' - D'); out = x + conv(lrelu(conv(fused))).
    fusion='concat': fused = 1x1([D', G', L]). guided=False: fused = D'."""

    def __init__(self, cfg):
        super().__init__()
        c, r = cfg.width, cfg.mask_width
        self.cfg = cfg
        self.fd = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(c, c, 3, padding=1))
        if cfg.guided:
            self.fg = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(c, c, 3, padding=1))
            if cfg.fusion == 'asff':
                self.rd = nn.Conv2d(c, r, 1)
                self.rg = nn.Conv2d(c, r, 1)
                self.rl = nn.Conv2d(c, r, 1)
                self.mask = nn.Sequential(nn.Conv2d(3 * r, c, 3, padding=1), nn.LeakyReLU(0.2),
                                          nn.Conv2d(c, c, 3, padding=1))
            elif cfg.fusion == 'concat':
                self.cat = nn.Conv2d(3 * c, c, 1)
            else:
                raise ValueError(cfg.fusion)
        self.post = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(c, c, 3, padding=1))

    def forward(self, x, g=None, l=None):
        d = self.fd(x)
        if self.cfg.guided:
            gg = self.fg(g)
            if self.cfg.fusion == 'asff':
                m = torch.sigmoid(self.mask(torch.cat([self.rd(d), self.rg(gg), self.rl(l)], 1)))
                fused = d + m * (gg - d)
            else:
                fused = self.cat(torch.cat([d, gg, l], 1))
        else:
            fused = d
        return x + self.post(lrelu(fused))


def grid_interp_matrix(size, fs=32):
    """(size, fs) float32: row p holds the linear-interpolation weights of the fs-sample field at the centre of
    pixel p of a size-pixel row, u = (p + 0.5) fs/size - 0.5, with linear EXTRApolation past the first/last
    sample (u in [-0.375, fs - 0.625] for size 128), so an affine field upsamples exactly, borders included."""
    m = torch.zeros(size, fs, dtype=torch.float64)
    for p in range(size):
        u = (p + 0.5) * fs / size - 0.5
        i0 = min(max(int(math.floor(u)), 0), fs - 2)
        t = u - i0
        m[p, i0] += 1 - t
        m[p, i0 + 1] += t
    return m.float()


def upsample_grid(warp_grid, size, mat=None):
    """The (N,32,32,2) MLS grid (align_corners=True normalisation at 32) as the same warp at size x size.

    Pixel centres (docs/conventions.md: xf = (x + 0.5)/4 - 0.5): pixel p at resolution r sits at image
    x = (p + 0.5) 128/r - 0.5, i.e. at 32-pixel coordinate u = (p + 0.5) 32/r - 0.5, where the field is
    interpolated bilinearly (separable: M g M^T with M = grid_interp_matrix(r), linear extrapolation at the
    border). A source at 32-pixel coordinate u_s = 15.5 (g + 1) is r-pixel coordinate (u_s + 0.5) r/32 - 0.5,
    i.e. normalised for align_corners=True at r: g_r = g * 31 r / (32 (r - 1)), a pure scale (124/127 at 128,
    62/63 at 64). Using the 32-normalised values unchanged would misplace the border by 1.5 image pixels."""
    fs = warp_grid.shape[1]
    if mat is None:
        mat = grid_interp_matrix(size, fs)
    g = torch.matmul(torch.matmul(mat, warp_grid.permute(0, 3, 1, 2)), mat.t())    # (N,2,size,size)
    return g.permute(0, 2, 3, 1) * ((fs - 1) * size / (fs * (size - 1)))


class FRFusion(nn.Module):
    """Full-resolution guidance fusion at one x2 reconstruction stage (c channels at r x r), Eqn 8 style:
    G = AdaIN(grid_sample(H_g, grid_r), x)   (H_g: guidance extractor stage output at r)
    G' = conv3(G); L = lrelu(conv5(landmark_map) [stride 2 at 64])
    mask = sigmoid(conv3(lrelu(conv1x1([x, G', L]))))
    fused = x + mask * (G' - x);   out = x + post(lrelu(fused)),  post = conv3, lrelu, conv3 (zero-init)
    The zero-initialised last conv makes the whole block the identity at initialisation."""

    def __init__(self, c, m, lm, stride):
        super().__init__()
        self.g = nn.Conv2d(c, c, 3, padding=1)
        self.lm = nn.Conv2d(1, lm, 5, stride=stride, padding=2)
        self.mask = nn.Sequential(nn.Conv2d(2 * c + lm, m, 1), nn.LeakyReLU(0.2), nn.Conv2d(m, c, 3, padding=1))
        self.post = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(c, c, 3, padding=1))
        nn.init.zeros_(self.post[2].weight)
        nn.init.zeros_(self.post[2].bias)

    def forward(self, x, hg, grid, landmark_map):
        g = hg if grid is None else F.grid_sample(hg, grid, mode='bilinear', padding_mode='zeros', align_corners=True)
        g = self.g(adain(g, x))
        l = lrelu(self.lm(landmark_map))
        m = torch.sigmoid(self.mask(torch.cat([x, g, l], 1)))
        fused = x + m * (g - x)
        return x + self.post(lrelu(fused))


class Recon(nn.Module):
    """Two PixelShuffle x2 stages, each followed by residual blocks, then a conv to RGB.
    hooks: optional (f64, f128) applied after each stage's residual blocks (the full-resolution guidance)."""

    def __init__(self, cfg):
        super().__init__()
        c, c1, c0 = cfg.width, 2 * cfg.width_full, cfg.width_full
        self.up1 = nn.Conv2d(c, 4 * c1, 3, padding=1)
        self.res1 = nn.Sequential(*[ResBlock(c1) for _ in range(cfg.recon_blocks)])
        self.up2 = nn.Conv2d(c1, 4 * c0, 3, padding=1)
        self.res2 = nn.Sequential(*[ResBlock(c0) for _ in range(cfg.recon_blocks)])
        self.out = nn.Conv2d(c0, 3, 3, padding=1)

    def forward(self, x, hooks=None):
        x = self.res1(lrelu(F.pixel_shuffle(self.up1(x), 2)))
        if hooks is not None:
            x = hooks[0](x)
        x = self.res2(lrelu(F.pixel_shuffle(self.up2(x), 2)))
        if hooks is not None:
            x = hooks[1](x)
        return self.out(x)


class ASFFNet(nn.Module):
    def __init__(self, cfg=Config()):
        super().__init__()
        self.cfg = cfg
        self.ed = Extractor(cfg)
        if cfg.guided:
            self.eg = Extractor(cfg)
            self.lm = LandmarkNet(cfg)
        self.blocks = nn.ModuleList([ASFFBlock(cfg) for _ in range(cfg.asff)])
        self.recon = Recon(cfg)
        self.fr = cfg.guided and cfg.fr_guidance
        if self.fr:
            c1, c0 = 2 * cfg.width_full, cfg.width_full
            self.fr64 = FRFusion(c1, cfg.mask_width, cfg.fr_lm_width, 2)
            self.fr128 = FRFusion(c0, cfg.mask_width, cfg.fr_lm_width, 1)
            # constant interpolation matrices for the 32 -> 64/128 grid upsampling (not saved in the state dict)
            self.register_buffer('grid_m64', grid_interp_matrix(64), persistent=False)
            self.register_buffer('grid_m128', grid_interp_matrix(128), persistent=False)

    def forward(self, degraded, guidance, warp_grid, landmark_map):
        fd = self.ed(degraded)
        x = fd
        g = l = None
        hooks = None
        if self.cfg.guided:
            if self.fr:
                g, h128, h64 = self.eg(guidance, shallow=True)
                grid64 = upsample_grid(warp_grid, 64, self.grid_m64) if self.cfg.use_mls else None   # None: unwarped
                grid128 = upsample_grid(warp_grid, 128, self.grid_m128) if self.cfg.use_mls else None
                hooks = (lambda y: self.fr64(y, h64, grid64, landmark_map),
                         lambda y: self.fr128(y, h128, grid128, landmark_map))
            else:
                g = self.eg(guidance)
            if self.cfg.use_mls:
                g = F.grid_sample(g, warp_grid, mode='bilinear', padding_mode='zeros', align_corners=True)
            if self.cfg.use_adain:
                g = adain(g, fd)
            l = self.lm(landmark_map)
        for b in self.blocks:
            x = b(x, g, l)
        out = self.recon(x + fd, hooks)
        if self.cfg.global_residual:
            out = out + degraded
        return out


def count_params(m):
    return sum(p.numel() for p in m.parameters())


def config_dict(cfg):
    return asdict(cfg)


GROWABLE = ('width', 'width_full', 'ext_blocks', 'recon_blocks', 'fr_guidance')


def grow(model, old_cfg, old_state):
    """Warm-starts `model` from the state dict of a smaller ASFFNet so that it computes the same function.

    Allowed growth: a larger `width` (the 1/4-resolution feature channels), a larger `width_full` (the full-
    and half-resolution channels; pixel shuffle maps output channel c to input channels 4c..4c+3, so new
    channels stay a trailing block) and more residual blocks (`ext_blocks`, `recon_blocks`); `mask_width`
    and every switch must match, since the ASFF concatenation of three reductions interleaves new channels
    with old ones. Each grown tensor keeps
    the old values in its leading block; the weights from new input channels into old output channels are
    zero, so old channels never read new ones; new output channels keep their fresh initialisation. A new
    residual block gets a zero last conv, so it starts as the identity. Switching `fr_guidance` on adds the
    FRFusion blocks, whose own zero-initialised last conv makes them the identity. Returns the names of new tensors.
    """
    new, old = config_dict(model.cfg), config_dict(old_cfg)
    for k in new:
        if (k in GROWABLE and new[k] < old[k]) or (k not in GROWABLE and new[k] != old[k]):
            raise ValueError('cannot grow %s from %r to %r (growable: %s, never smaller)' % (k, old[k], new[k], GROWABLE))
    new_state = model.state_dict()
    added = []
    with torch.no_grad():
        for name, t in new_state.items():
            if name not in old_state:
                added.append(name)
                continue
            o = old_state[name]
            if o.dim() != t.dim() or any(a > b for a, b in zip(o.shape, t.shape)):
                raise ValueError('cannot grow %s from %s to %s' % (name, tuple(o.shape), tuple(t.shape)))
            if t.dim() >= 2 and t.shape[1] > o.shape[1]:
                t[:o.shape[0], o.shape[1]:] = 0
            t[tuple(slice(0, n) for n in o.shape)] = o
        for name in added:
            if '.c2.' in name:
                new_state[name].zero_()
    model.load_state_dict(new_state)
    return added
