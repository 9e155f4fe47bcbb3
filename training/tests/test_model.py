"""Checks the ASFFNet ablation switches of training/asffnet/model.py: each switch removes exactly the input
dependence it names. Run: /usr/bin/python3 training/tests/test_model.py (CPU, a few seconds)."""
import os, sys, unittest
import torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from asffnet.model import ASFFNet, Config, ASFFBlock, count_params

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


if __name__ == '__main__':
    torch.set_num_threads(1)
    unittest.main()
