"""Checks training/asffnet/geometry.py against /work/shared/reference/geometry_vectors.json (Eqns 2, 3, 5)
and a few self-consistency properties. Run: /usr/bin/python3 training/tests/test_geometry.py"""
import json, os, sys, unittest
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))  # training/: asffnet, eval
from asffnet import geometry as G

REF = os.environ.get('ASFFNET_SHARED', os.path.join(os.path.dirname(__file__), '../../../shared')) + '/reference/geometry_vectors.json'


class TestGeometry(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(REF):
            raise unittest.SkipTest('reference vectors not found at ' + REF)
        cls.cases = json.load(open(REF))['cases']

    def test_eqn3_affine(self):
        for c in self.cases:
            A = G.wls_affine(np.array(c['degraded']), np.array(c['exemplars'][0]), np.array(c['weights']))
            np.testing.assert_allclose(A, np.array(c['affine0']), rtol=1e-9, atol=1e-9)

    def test_eqn2_distance_and_argmin(self):
        for c in self.cases:
            k, d = G.select_guidance(np.array(c['degraded']), np.array(c['exemplars']), np.array(c['weights']))
            np.testing.assert_allclose(d, np.array(c['dist2']), rtol=1e-9)
            self.assertEqual(k, c['argmin'])

    def test_eqn5_mls(self):
        for c in self.cases:
            out = G.mls_points(np.array(c['degraded']), np.array(c['exemplars'][0]), np.array(c['mls_points']))
            np.testing.assert_allclose(out, np.array(c['mls_mapped']), rtol=1e-9, atol=1e-7)

    def test_mls_identity_and_hits(self):
        rng = np.random.default_rng(0)
        L = rng.uniform(10, 118, (68, 2))
        g = G.mls_grid(L, L)
        np.testing.assert_allclose(g, G.identity_grid(), atol=1e-5)
        Lg = L + rng.normal(0, 2, L.shape)
        out = G.mls_points(L, Lg, L[:5])
        np.testing.assert_allclose(out, Lg[:5], atol=1e-12)

    def test_flip_involution(self):
        L = np.random.default_rng(1).uniform(0, 127, (68, 2))
        np.testing.assert_allclose(G.flip_landmarks(G.flip_landmarks(L)), L)

    def test_flip_ensemble_grid_is_the_mls_grid_of_the_mirrored_landmarks(self):
        import torch
        from eval import flipped                  # eval.py's mirrored warp grid (x negated, flipped along w)
        rng = np.random.default_rng(3)
        Lg = rng.uniform(10, 118, (68, 2))
        Ld = Lg @ np.array([[1.05, 0.1], [-0.08, 0.95]]) + rng.normal(0, 2, Lg.shape)
        grid = torch.from_numpy(G.mls_grid(Ld, Lg))[None]
        want = G.mls_grid(G.flip_landmarks(Ld), G.flip_landmarks(Lg))
        np.testing.assert_allclose(flipped(dict(warp_grid=grid))['warp_grid'][0].numpy(), want, atol=1e-5)


if __name__ == '__main__':
    unittest.main()
