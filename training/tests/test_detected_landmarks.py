"""batches.DetectedLandmarks (the Java front end's whole-image landmarks, used by train.py --detected-landmarks):
mirror averaging makes it exactly equivariant under horizontal flips, and it finds a face where one is.

    /usr/bin/python3 training/tests/test_detected_landmarks.py
"""
import os, sys, unittest
import numpy as np
import torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from asffnet import batches as B
from asffnet import geometry as G

ROBUST = os.path.join(os.path.dirname(__file__), '..', '..', 'asffnet-models', 'src', 'main', 'resources', 'dev',
                      'asffnet', 'models', 'face', 'face_landmark_68_robust.onnx')


class DetectedLandmarksTest(unittest.TestCase):
    def setUp(self):
        torch.set_num_threads(2)
        self.det = B.DetectedLandmarks(ROBUST)

    def test_mirror_image_gives_mirrored_landmarks(self):
        rng = np.random.default_rng(5)
        for size in (128, 96):
            img = rng.random((3, size, size), dtype=np.float32)
            L = self.det(img)
            self.assertEqual(L.shape, (68, 2))
            self.assertTrue(np.isfinite(L).all())
            M = self.det(np.ascontiguousarray(img[:, :, ::-1]))
            np.testing.assert_allclose(M, G.flip_landmarks(L, size), atol=1e-4)

    def test_a_synthetic_face_is_found_where_it_is(self):
        # a face-like pattern: a light oval with two dark eyes and a dark mouth; the landmarks' eyes and mouth
        # must land in the right halves of the image
        s = 128
        y, x = np.mgrid[0:s, 0:s].astype(np.float32)
        img = np.full((3, s, s), 0.25, np.float32)
        face = ((x - 64) / 40) ** 2 + ((y - 66) / 52) ** 2 < 1
        img[:, face] = 0.75
        for cx, cy, r in ((46, 54, 6), (82, 54, 6), (64, 94, 8)):
            img[:, (x - cx) ** 2 + ((y - cy) * (2 if r == 8 else 1)) ** 2 < r * r] = 0.1
        L = self.det(img)
        eyes_y = L[36:48, 1].mean()
        mouth_y = L[48:68, 1].mean()
        self.assertLess(eyes_y, mouth_y, 'the eyes are above the mouth')
        self.assertLess(L[36:42, 0].mean(), L[42:48, 0].mean(), 'the right eye (36-41) is left of the left eye')


if __name__ == '__main__':
    unittest.main()
