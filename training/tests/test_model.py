"""Checks the ASFFNet ablation switches of training/asffnet/model.py: each switch removes exactly the input
dependence it names. Run: /usr/bin/python3 training/tests/test_model.py (CPU, a few seconds)."""
import os, sys, unittest
import torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from asffnet.model import (ASFFNet, Config, ASFFBlock, CONFIGS, config_dict, count_params, grow, upsample_grid,
                           grid_interp_matrix)
from asffnet import geometry as G

CKPT = os.path.join(os.path.dirname(__file__), '..', 'checkpoints', 'medium-guided.pt')

SEED = 7


def inputs(seed):
    g = torch.Generator().manual_seed(seed)
    deg = torch.rand(1, 3, 128, 128, generator=g)
    gui = torch.rand(1, 3, 128, 128, generator=g)
    grid = torch.rand(1, 32, 32, 2, generator=g) * 2 - 1
    lmap = (torch.rand(1, 1, 128, 128, generator=g) > 0.95).float()
    return deg, gui, grid, lmap


def net(**kw):
    torch.manual_seed(SEED)
    m = ASFFNet(Config(**kw)).eval()
    # default init makes some branches' contributions tiny (the bias-free landmark subnet ~1e-4); scale the
    # weights up so that a real dependence stays far above the 1e-6 threshold (identical inputs give exactly 0)
    with torch.no_grad():
        for p in m.parameters():
            p.mul_(1.5)
    return m


def changes(m, which, seed=SEED):
    """Max abs output change when only input `which` (0..3) is replaced by fresh random values."""
    a = list(inputs(seed))
    b = list(a)
    b[which] = inputs(seed + 1)[which]
    with torch.no_grad():
        return (m(*a) - m(*b)).abs().max().item()


class TestAblationSwitches(unittest.TestCase):
    def test_output_shape_for_every_variant(self):
        for kw in [{}, dict(guided=False), dict(fusion='concat'), dict(asff=1), dict(use_mls=False),
                   dict(use_adain=False)]:
            with torch.no_grad():
                out = net(**kw)(*inputs(SEED))
            self.assertEqual(tuple(out.shape), (1, 3, 128, 128), msg=str(kw))
            self.assertTrue(torch.isfinite(out).all(), msg=str(kw))

    def test_guided_uses_all_four_inputs(self):
        m = net()
        for i, name in enumerate(['degraded', 'guidance', 'warp_grid', 'landmark_map']):
            self.assertGreater(changes(m, i), 1e-6, msg=name + ' (seed %d)' % SEED)

    def test_unguided_ignores_guidance_grid_and_landmarks(self):
        m = net(guided=False)
        self.assertGreater(changes(m, 0), 1e-6)
        for i in (1, 2, 3):
            self.assertEqual(changes(m, i), 0.0, msg='input %d (seed %d)' % (i, SEED))

    def test_no_mls_ignores_the_warp_grid_only(self):
        m = net(use_mls=False)
        self.assertEqual(changes(m, 2), 0.0)
        self.assertGreater(changes(m, 1), 1e-6)

    def test_no_adain_differs_from_adain_with_the_same_weights(self):
        a, b = net(), net(use_adain=False)
        b.load_state_dict(a.state_dict())
        with torch.no_grad():
            d = (a(*inputs(SEED)) - b(*inputs(SEED))).abs().max().item()
        self.assertGreater(d, 1e-6)

    def test_asff_block_count_and_concat_fusion(self):
        self.assertEqual(sum(isinstance(x, ASFFBlock) for x in net(asff=1).modules()), 1)
        self.assertEqual(sum(isinstance(x, ASFFBlock) for x in net().modules()), 4)
        self.assertLess(count_params(net(asff=1)), count_params(net()))
        # concatenation fusion has no attention-mask branch, so fewer parameters than ASFF at equal width
        self.assertLess(count_params(net(fusion='concat')), count_params(net()))
        self.assertGreater(changes(net(fusion='concat'), 1), 1e-6)


class TestGrow(unittest.TestCase):
    """grow() warm-starts a wider / deeper net that computes the same function, and then trains freely."""

    def grown(self, small, **kw):
        big = ASFFNet(Config(**{**config_dict(small.cfg), **kw})).eval()
        added = grow(big, small.cfg, small.state_dict())
        return big, added

    def test_wider_and_deeper_net_computes_the_same_output(self):
        for guided in (True, False):
            small = net(width=16, width_full=8, mask_width=8, guided=guided)
            big, added = self.grown(small, width=24, width_full=12, ext_blocks=2, recon_blocks=2)
            self.assertGreater(len(added), 0)
            with torch.no_grad():
                for seed in (SEED, SEED + 5):
                    d = (small(*inputs(seed)) - big(*inputs(seed))).abs().max().item()
                    self.assertLess(d, 1e-5, msg='guided=%s seed %d' % (guided, seed))

    def test_new_channels_receive_gradient(self):
        small = net(width=16, width_full=8, mask_width=8)
        big, _ = self.grown(small, width=24)
        out = big(*inputs(SEED))
        out.square().mean().backward()
        w = big.blocks[0].post[2].weight.grad           # old output channels <- new input channels: zero init
        self.assertGreater(w[:16, 16:].abs().max().item(), 0.0)

    def test_refuses_layout_changes_and_shrinking(self):
        small = net(width=16, width_full=8, mask_width=8)
        for kw in (dict(mask_width=16), dict(width=8), dict(width_full=4), dict(guided=False)):
            with self.assertRaises(ValueError, msg=str(kw)):
                self.grown(small, **kw)


class TestFullResolutionGuidance(unittest.TestCase):
    """The fr_guidance path (FRFusion at 64 and 128): identity at warm start, then a real guidance path."""

    def test_warm_started_medium_fr_equals_medium_checkpoint(self):
        if not os.path.exists(CKPT):
            self.skipTest('no ' + CKPT)
        src = torch.load(CKPT, map_location='cpu')
        old = ASFFNet(Config(**src['config'])).eval()
        old.load_state_dict(src['model'])
        new = ASFFNet(CONFIGS['medium_fr']).eval()
        added = grow(new, old.cfg, src['model'])
        self.assertTrue(added and all(n.startswith(('fr64.', 'fr128.')) for n in added), msg=str(added))
        with torch.no_grad():
            for seed in (SEED, SEED + 3):
                d = (old(*inputs(seed)) - new(*inputs(seed))).abs().max().item()
                self.assertLess(d, 1e-5, msg='seed %d' % seed)

    def test_warm_start_from_random_small_net_and_then_guidance_reaches_full_resolution(self):
        small = net(width=16, width_full=8, mask_width=8)
        big = ASFFNet(Config(**{**config_dict(small.cfg), 'fr_guidance': True})).eval()
        grow(big, small.cfg, small.state_dict())
        with torch.no_grad():
            self.assertLess((small(*inputs(SEED)) - big(*inputs(SEED))).abs().max().item(), 1e-5)
            for f in (big.fr64, big.fr128):      # leave the identity: every FRFusion input must now matter
                f.post[2].weight.normal_(0, 0.1)
            self.assertGreater((small(*inputs(SEED)) - big(*inputs(SEED))).abs().max().item(), 1e-4)
        for i in range(4):
            self.assertGreater(changes(big, i), 1e-6, msg='input %d' % i)

    def test_unguided_ignores_fr_switch(self):
        m = net(guided=False, fr_guidance=True)
        self.assertFalse(any(n.startswith('fr') for n, _ in m.named_parameters()))
        for i in (1, 2, 3):
            self.assertEqual(changes(m, i), 0.0)

    def test_grid_upsampling_matches_pixel_centres(self):
        # an affine warp in image pixels, sampled as the 32-grid (conventions.md) and directly at 64 / 128
        A = torch.tensor([[1.05, 0.08], [-0.06, 0.97]], dtype=torch.float64)
        t = torch.tensor([3.0, -2.0], dtype=torch.float64)

        def grid(r):        # normalised align_corners=True source positions at resolution r
            p = torch.arange(r, dtype=torch.float64)
            yy, xx = torch.meshgrid(p, p, indexing='ij')
            img = torch.stack([xx, yy], -1) * (128 / r) + (128 / r - 1) / 2       # pixel centres -> image px
            src = img @ A.T + t
            srcr = (src + 0.5) * r / 128 - 0.5
            return (2 * srcr / (r - 1) - 1)[None].float()
        for r in (64, 128):
            self.assertLess((upsample_grid(grid(32), r) - grid(r)).abs().max().item(), 1e-5, msg=str(r))
        ident = torch.from_numpy(G.identity_grid())[None]
        self.assertLess((upsample_grid(ident, 128)[0, :, :, 0] -
                         torch.linspace(-1, 1, 128)[None, :]).abs().max().item(), 1e-5)
        self.assertTrue(torch.allclose(grid_interp_matrix(128).sum(1), torch.ones(128)))


if __name__ == '__main__':
    torch.set_num_threads(1)
    unittest.main()
