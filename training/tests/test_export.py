"""Checks training/export.py's file writing: ASWT files read back as written, and an export that fails midway
leaves the previous file as it was and no temporary file behind.
Run: /usr/bin/python3 training/tests/test_export.py (CPU, about a second)."""
import os, sys, tempfile, unittest
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
import export


class ExportFilesTest(unittest.TestCase):
    def test_aswt_round_trip(self):
        rng = np.random.default_rng(3)
        ts = [('a', rng.standard_normal((2, 3)).astype('f4')), ('b/c', rng.standard_normal(5).astype('f4'))]
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'w.weights')
            export.write_aswt(p, ts)
            back = export.read_aswt(p)
            self.assertEqual([n for n, _ in ts], [n for n, _ in back])
            for (_, a), (_, b) in zip(ts, back):
                np.testing.assert_array_equal(a, b)
            self.assertEqual(['w.weights'], os.listdir(d))

    def test_failed_write_keeps_the_old_file(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'm.json')
            with open(p, 'w') as f:
                f.write('old')
            with self.assertRaises(RuntimeError):
                with export.replacing(p) as tmp, open(tmp, 'w') as f:
                    f.write('half')
                    raise RuntimeError('interrupted')
            with open(p) as f:
                self.assertEqual('old', f.read())
            self.assertEqual(['m.json'], os.listdir(d))
            with export.replacing(p) as tmp, open(tmp, 'w') as f:
                f.write('new')
            with open(p) as f:
                self.assertEqual('new', f.read())
            self.assertEqual(['m.json'], os.listdir(d))


if __name__ == '__main__':
    unittest.main()
