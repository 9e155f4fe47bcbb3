package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class TfOpsTest {

    /** Runs a graph {@code body(tf, inputs...)} on constant inputs and returns the flattened output. */
    @SafeVarargs
    static float[] run(Function<Ops, Operand<TFloat32>[]> inputs, java.util.function.BiFunction<Ops,
            Operand<TFloat32>[], Operand<TFloat32>> body, Shape... ignored) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> out = body.apply(tf, inputs.apply(tf));
            try (Session s = new Session(g); Result r = s.runner().fetch(out).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] a = new float[(int) t.size()];
                t.copyTo(DataBuffers.of(a, false, false));
                return a;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Function<Ops, Operand<TFloat32>[]> consts(Object... shapeAndData) {
        return tf -> {
            Operand<TFloat32>[] ops = new Operand[shapeAndData.length / 2];
            for (int i = 0; i < ops.length; i++) {
                long[] shape = (long[]) shapeAndData[2 * i];
                float[] data = (float[]) shapeAndData[2 * i + 1];
                ops[i] = tf.constant(Shape.of(shape), DataBuffers.of(data, true, false));
            }
            return ops;
        };
    }

    static float[] random(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    static float maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** NCHW <-> NHWC in Java. */
    static float[] toNhwc(float[] x, int n, int c, int h, int w) {
        float[] o = new float[x.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        o[((b * h + y) * w + z) * c + k] = x[((b * c + k) * h + y) * w + z];
                    }
                }
            }
        }
        return o;
    }

    static float[] toNchw(float[] x, int n, int c, int h, int w) {
        float[] o = new float[x.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        o[((b * c + k) * h + y) * w + z] = x[((b * h + y) * w + z) * c + k];
                    }
                }
            }
        }
        return o;
    }

    @Test
    void pixelShuffleHandComputed() {
        // PyTorch: input [1, 8, 1, 1] = 0..7, pixel_shuffle(r=2) -> [1, 2, 2, 2]:
        // out[c, i, j] = in[c*4 + i*2 + j] -> channel 0 [[0,1],[2,3]], channel 1 [[4,5],[6,7]].
        float[] ptChannels = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] perm = TfOps.pixelShuffleOrder(2, 2);
        assertArrayEquals(new int[] {0, 4, 1, 5, 2, 6, 3, 7}, perm);
        float[] tfChannels = new float[8];
        for (int k = 0; k < 8; k++) {
            tfChannels[k] = ptChannels[perm[k]];
        }
        float[] nhwc = run(consts(new long[] {1, 1, 1, 8}, tfChannels), (tf, in) -> tf.nn.depthToSpace(in[0], 2L));
        float[] nchw = toNchw(nhwc, 1, 2, 2, 2);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, nchw);
    }

    @Test
    void pixelShuffleViaPermutedConvMatchesJavaReference() {
        // a 1x1 conv producing C*r*r channels, then shuffle; compare with PyTorch's ordering done in Java
        Random rnd = new Random(1);
        int n = 2, cin = 3, cout = 5, r = 2, h = 3, w = 4;
        float[] x = random(rnd, n * cin * h * w, -1, 1);
        float[] wt = random(rnd, cout * r * r * cin, -1, 1); // OIHW with kh = kw = 1
        float[] bias = random(rnd, cout * r * r, -1, 1);
        // Java reference in NCHW: conv then pixel_shuffle
        float[] conv = new float[n * cout * r * r * h * w];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout * r * r; o++) {
                for (int p = 0; p < h * w; p++) {
                    double s = bias[o];
                    for (int i = 0; i < cin; i++) {
                        s += wt[o * cin + i] * x[(b * cin + i) * h * w + p];
                    }
                    conv[(b * cout * r * r + o) * h * w + p] = (float) s;
                }
            }
        }
        float[] ref = new float[n * cout * h * r * w * r];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < cout; c++) {
                for (int y = 0; y < h * r; y++) {
                    for (int z = 0; z < w * r; z++) {
                        int src = c * r * r + (y % r) * r + (z % r);
                        ref[((b * cout + c) * h * r + y) * w * r + z] = conv[((b * cout * r * r + src) * h + y / r) * w
                                + z / r];
                    }
                }
            }
        }
        int[] perm = TfOps.pixelShuffleOrder(cout, r);
        float[] pw = TfOps.permuteRows(wt, perm);
        float[] pb = new float[bias.length];
        for (int k = 0; k < perm.length; k++) {
            pb[k] = bias[perm[k]];
        }
        float[] hwio = TfOps.oihwToHwio(pw, cout * r * r, cin, 1, 1);
        float[] got = run(consts(new long[] {n, h, w, cin}, toNhwc(x, n, cin, h, w)),
                (tf, in) -> tf.nn.depthToSpace(TfOps.conv(tf, in[0], hwio, 1, cin, cout * r * r, pb, 1, 0, 1), 2L));
        assertTrue(maxAbs(ref, toNchw(got, n, cout, h * r, w * r)) < 1e-5f);
    }

    /** PyTorch Conv2d (NCHW, OIHW, symmetric zero padding) in Java, double accumulation. */
    static float[] convRef(float[] x, int n, int cin, int h, int w, float[] wt, float[] bias, int cout, int k,
            int stride, int pad, int dil) {
        int oh = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        int ow = (w + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        float[] out = new float[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int i = 0; i < cin; i++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int sy = y * stride - pad + ky * dil;
                                    int sx = z * stride - pad + kx * dil;
                                    if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                                        s += wt[((o * cin + i) * k + ky) * k + kx] * x[((b * cin + i) * h + sy) * w + sx];
                                    }
                                }
                            }
                        }
                        out[((b * cout + o) * oh + y) * ow + z] = (float) s;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void convMatchesPyTorchPaddingSemantics() {
        Random rnd = new Random(2);
        int[][] cases = { // k, stride, pad, dil, h
            {3, 1, 1, 1, 9}, {3, 2, 1, 1, 10}, {3, 2, 1, 1, 9}, {3, 1, 3, 3, 11}, {3, 1, 2, 2, 8},
            {9, 2, 4, 1, 16}, {7, 1, 3, 1, 8}, {5, 2, 2, 1, 8}, {1, 1, 0, 1, 5}};
        for (int[] cs : cases) {
            int k = cs[0], stride = cs[1], pad = cs[2], dil = cs[3], h = cs[4], w = h + 1, n = 2, cin = 3, cout = 4;
            float[] x = random(rnd, n * cin * h * w, -1, 1);
            float[] wt = random(rnd, cout * cin * k * k, -1, 1);
            float[] bias = random(rnd, cout, -1, 1);
            float[] ref = convRef(x, n, cin, h, w, wt, bias, cout, k, stride, pad, dil);
            int oh = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1;
            int ow = (w + 2 * pad - dil * (k - 1) - 1) / stride + 1;
            float[] hwio = TfOps.oihwToHwio(wt, cout, cin, k, k);
            for (boolean explicit : new boolean[] {true, false}) {
                float[] got = run(consts(new long[] {n, h, w, cin}, toNhwc(x, n, cin, h, w)),
                        (tf, in) -> TfOps.conv(tf, in[0], hwio, k, cin, cout, bias, stride, pad, dil, explicit));
                float err = maxAbs(ref, toNchw(got, n, cout, oh, ow));
                assertTrue(err < 1e-4f, "k=" + k + " s=" + stride + " p=" + pad + " d=" + dil + " explicit="
                        + explicit + ": max abs " + err);
            }
        }
    }

    /** grid_sample(bilinear, zeros, align_corners=True) on NCHW in Java, as ATen defines it. */
    static float[] gridSampleRef(float[] f, int n, int c, int h, int w, float[] grid, int gh, int gw) {
        float[] out = new float[n * c * gh * gw];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < gh; y++) {
                for (int z = 0; z < gw; z++) {
                    double gx = grid[((b * gh + y) * gw + z) * 2];
                    double gy = grid[((b * gh + y) * gw + z) * 2 + 1];
                    double ix = (gx + 1) / 2 * (w - 1);
                    double iy = (gy + 1) / 2 * (h - 1);
                    int x0 = (int) Math.floor(ix);
                    int y0 = (int) Math.floor(iy);
                    for (int k = 0; k < c; k++) {
                        double s = 0;
                        for (int dy = 0; dy <= 1; dy++) {
                            for (int dx = 0; dx <= 1; dx++) {
                                int cx = x0 + dx;
                                int cy = y0 + dy;
                                double wgt = (dx == 0 ? (x0 + 1 - ix) : (ix - x0)) * (dy == 0 ? (y0 + 1 - iy) : (iy - y0));
                                if (cx >= 0 && cx < w && cy >= 0 && cy < h) {
                                    s += wgt * f[((b * c + k) * h + cy) * w + cx];
                                }
                            }
                        }
                        out[((b * c + k) * gh + y) * gw + z] = (float) s;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void gridSampleMatchesJavaReferenceIncludingOutOfRange() {
        Random rnd = new Random(3);
        int n = 2, c = 3, h = 5, w = 7, gh = 4, gw = 6;
        float[] f = random(rnd, n * c * h * w, -1, 1);
        float[] grid = random(rnd, n * gh * gw * 2, -1.4f, 1.4f);
        // exact corners, pixel centres, and just outside the border
        float[][] special = {{-1, -1}, {1, 1}, {1, -1}, {-1, 1}, {2f / 6 - 1, 0}, {-1.0001f, 0.2f}, {1.0001f, 0.3f},
            {0.1f, -1.2f}, {3f, 3f}, {-3f, -0.5f}, {1.25f, 1.25f}, {-1.2f, -1.3f}};
        for (int i = 0; i < special.length; i++) {
            grid[2 * i] = special[i][0];
            grid[2 * i + 1] = special[i][1];
        }
        float[] ref = gridSampleRef(f, n, c, h, w, grid, gh, gw);
        float[] got = run(consts(new long[] {n, h, w, c}, toNhwc(f, n, c, h, w), new long[] {n, gh, gw, 2}, grid),
                (tf, in) -> TfOps.gridSample(tf, in[0], in[1], h, w));
        float[] gotNchw = toNchw(got, n, c, gh, gw);
        assertTrue(maxAbs(ref, gotNchw) < 1e-6f, "max abs " + maxAbs(ref, gotNchw));
        // fully outside -> exactly zero; exact corner -> exactly the corner value
        for (int k = 0; k < c; k++) {
            assertEquals(0f, gotNchw[(k * gh + 1) * gw + 2], 0f, "grid (3,3) is outside");
            assertEquals(f[k * h * w], gotNchw[(k * gh) * gw], "grid (-1,-1) is pixel (0,0)");
            assertEquals(f[(k * h + h - 1) * w + w - 1], gotNchw[(k * gh) * gw + 1], 1e-6f, "grid (1,1)");
        }
    }

    @Test
    void adainMatchesPopulationStatistics() {
        Random rnd = new Random(4);
        int n = 2, c = 3, h = 6, w = 5;
        float[] fg = random(rnd, n * c * h * w, -2, 3);
        float[] fd = random(rnd, n * c * h * w, -0.5f, 0.7f);
        for (int i = 0; i < w; i++) {
            fg[i] = 0.25f; // sample 0 channel 0 row 0 constant-ish
        }
        float[] ref = new float[fg.length];
        int hw = h * w;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                int o = (b * c + k) * hw;
                double mg = 0, md = 0, vg = 0, vd = 0;
                for (int p = 0; p < hw; p++) {
                    mg += fg[o + p];
                    md += fd[o + p];
                }
                mg /= hw;
                md /= hw;
                for (int p = 0; p < hw; p++) {
                    vg += (fg[o + p] - mg) * (fg[o + p] - mg);
                    vd += (fd[o + p] - md) * (fd[o + p] - md);
                }
                double sg = Math.sqrt(vg / hw + 1e-5);
                double sd = Math.sqrt(vd / hw + 1e-5);
                for (int p = 0; p < hw; p++) {
                    ref[o + p] = (float) ((fg[o + p] - mg) / sg * sd + md);
                }
            }
        }
        float[] got = run(consts(new long[] {n, h, w, c}, toNhwc(fg, n, c, h, w), new long[] {n, h, w, c},
                toNhwc(fd, n, c, h, w)), (tf, in) -> TfOps.adain(tf, in[0], in[1], 1e-5f));
        float err = maxAbs(ref, toNchw(got, n, c, h, w));
        assertTrue(err < 1e-5f, "max abs " + err);
    }

    @Test
    void oihwToHwioLayout() {
        float[] w = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] hwio = TfOps.oihwToHwio(w, 2, 3, 2, 2);
        // HWIO[y][x][i][o] == OIHW[o][i][y][x]
        assertEquals(w[((1 * 3 + 2) * 2 + 0) * 2 + 1], hwio[((0 * 2 + 1) * 3 + 2) * 2 + 1]);
        assertEquals(w[((0 * 3 + 1) * 2 + 1) * 2 + 0], hwio[((1 * 2 + 0) * 3 + 1) * 2 + 0]);
    }
}
