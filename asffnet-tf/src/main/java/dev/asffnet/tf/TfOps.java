package dev.asffnet.tf;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Graph building blocks with PyTorch semantics on NHWC tensors: convolutions with PyTorch's symmetric
 * padding, weight layout conversion, PixelShuffle channel order, {@code grid_sample} (bilinear,
 * align_corners=True, zeros padding) from gather ops, and AdaIN with population variance.
 */
final class TfOps {
    private TfOps() {
    }

    static Operand<TFloat32> lrelu(Ops tf, Operand<TFloat32> x) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
    }

    /** OIHW (PyTorch) to HWIO (TensorFlow) for a {@code [o, i, kh, kw]} kernel. */
    static float[] oihwToHwio(float[] w, int o, int i, int kh, int kw) {
        if (w.length != o * i * kh * kw) {
            throw new IllegalArgumentException("kernel has " + w.length + " values, expected " + o * i * kh * kw);
        }
        float[] out = new float[w.length];
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < i; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        out[((y * kw + x) * i + b) * o + a] = w[((a * i + b) * kh + y) * kw + x];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Channel order that makes TF's NHWC {@code depthToSpace} equal PyTorch's {@code pixel_shuffle}:
     * element {@code k} is the PyTorch channel that must become TF channel {@code k}. PyTorch reads output
     * channel {@code c}, sub-pixel {@code (i, j)} from input channel {@code c*r*r + i*r + j}; depthToSpace
     * (NHWC) reads it from {@code (i*r + j)*C + c}.
     */
    static int[] pixelShuffleOrder(int outChannels, int r) {
        int[] perm = new int[outChannels * r * r];
        for (int c = 0; c < outChannels; c++) {
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    perm[(i * r + j) * outChannels + c] = c * r * r + i * r + j;
                }
            }
        }
        return perm;
    }

    /** Reorders the output channels (first axis) of an OIHW kernel: new row k = old row perm[k]. */
    static float[] permuteRows(float[] w, int[] perm) {
        int per = w.length / perm.length;
        float[] out = new float[w.length];
        for (int k = 0; k < perm.length; k++) {
            System.arraycopy(w, perm[k] * per, out, k * per, per);
        }
        return out;
    }

    /**
     * 2-D convolution on NHWC {@code x} with an HWIO kernel and PyTorch padding semantics ({@code pad} zeros on
     * every side). Stride-1 convolutions whose padding keeps the size use TF's SAME (symmetric for odd
     * effective kernels); everything else (the strided ones) uses EXPLICIT symmetric padding, because TF's SAME
     * puts the extra row of a strided convolution at the bottom/right only. EXPLICIT is the same as
     * {@code tf.pad} then VALID without the padded copy ({@code explicitPad = false} builds that variant).
     */
    static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, float[] hwio, int k, int in, int out, float[] bias,
            int stride, int pad, int dilation) {
        return conv(tf, x, hwio, k, in, out, bias, stride, pad, dilation, true);
    }

    static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, float[] hwio, int k, int in, int out, float[] bias,
            int stride, int pad, int dilation, boolean explicitPad) {
        Operand<TFloat32> w = tf.constant(Shape.of(k, k, in, out), DataBuffers.of(hwio, true, false));
        List<Long> strides = Arrays.asList(1L, (long) stride, (long) stride, 1L);
        Conv2d.Options dil = Conv2d.dilations(1L, (long) dilation, (long) dilation, 1L);
        Operand<TFloat32> y;
        if (stride == 1 && 2 * pad == dilation * (k - 1)) {
            y = tf.nn.conv2d(x, w, strides, "SAME", dil);
        } else if (pad == 0) {
            y = tf.nn.conv2d(x, w, strides, "VALID", dil);
        } else if (explicitPad) {
            long p = pad;
            y = tf.nn.conv2d(x, w, strides, "EXPLICIT", dil, Conv2d.explicitPaddings(0L, 0L, p, p, p, p, 0L, 0L));
        } else {
            Operand<TFloat32> padded = tf.pad(x,
                    tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), tf.constant(0f));
            y = tf.nn.conv2d(padded, w, strides, "VALID", dil);
        }
        if (bias != null) {
            y = tf.nn.biasAdd(y, tf.constant(bias));
        }
        return y;
    }

    /**
     * {@code F.grid_sample(feat, grid, mode='bilinear', padding_mode='zeros', align_corners=True)} for NHWC
     * {@code feat} {@code [N, h, w, C]} and {@code grid} {@code [N, Hg, Wg, 2]} holding {@code (x, y)} in
     * [-1, 1]; returns {@code [N, Hg, Wg, C]}. Each of the four corners is gathered from the flattened
     * features at clamped indices and weighted by zero when it lies outside the map.
     */
    static Operand<TFloat32> gridSample(Ops tf, Operand<TFloat32> feat, Operand<TFloat32> grid, int h, int w) {
        Split<TFloat32> xy = tf.split(tf.constant(3), grid, 2L);
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> half = tf.constant(0.5f);
        // same arithmetic order as ATen: ((g + 1) / 2) * (size - 1)
        Operand<TFloat32> x = tf.math.mul(tf.math.mul(tf.math.add(xy.output().get(0), one), half),
                tf.constant((float) (w - 1)));
        Operand<TFloat32> y = tf.math.mul(tf.math.mul(tf.math.add(xy.output().get(1), one), half),
                tf.constant((float) (h - 1)));
        Operand<TFloat32> x0 = tf.math.floor(x);
        Operand<TFloat32> y0 = tf.math.floor(y);
        Operand<TFloat32> x1 = tf.math.add(x0, one);
        Operand<TFloat32> y1 = tf.math.add(y0, one);
        Operand<TFloat32> wx0 = tf.math.sub(x1, x);
        Operand<TFloat32> wx1 = tf.math.sub(x, x0);
        Operand<TFloat32> wy0 = tf.math.sub(y1, y);
        Operand<TFloat32> wy1 = tf.math.sub(y, y0);

        Operand<TInt32> n = tf.gather(tf.shape(grid), tf.constant(0), tf.constant(0));
        Operand<TInt32> base = tf.reshape(tf.math.mul(tf.range(tf.constant(0), n, tf.constant(1)),
                tf.constant(h * w)), tf.constant(new int[] {-1, 1, 1, 1}));
        Operand<TFloat32> flat = tf.reshape(feat, tf.constant(new int[] {-1, (int) channels(feat)}));

        Operand<TFloat32> sum = null;
        Operand<TFloat32>[][] corners = corners(x0, x1, y0, y1, wx0, wx1, wy0, wy1);
        for (Operand<TFloat32>[] c : corners) {
            Operand<TFloat32> cx = c[0];
            Operand<TFloat32> cy = c[1];
            Operand<TBool> inside = tf.math.logicalAnd(
                    tf.math.logicalAnd(tf.math.greaterEqual(cx, tf.constant(0f)),
                            tf.math.lessEqual(cx, tf.constant((float) (w - 1)))),
                    tf.math.logicalAnd(tf.math.greaterEqual(cy, tf.constant(0f)),
                            tf.math.lessEqual(cy, tf.constant((float) (h - 1)))));
            Operand<TFloat32> weight = tf.math.mul(tf.math.mul(c[2], c[3]), tf.dtypes.cast(inside, TFloat32.class));
            Operand<TInt32> ix = tf.dtypes.cast(tf.clipByValue(cx, tf.constant(0f), tf.constant((float) (w - 1))),
                    TInt32.class);
            Operand<TInt32> iy = tf.dtypes.cast(tf.clipByValue(cy, tf.constant(0f), tf.constant((float) (h - 1))),
                    TInt32.class);
            Operand<TInt32> idx = tf.squeeze(tf.math.add(base, tf.math.add(tf.math.mul(iy, tf.constant(w)), ix)),
                    Squeeze.axis(3L));
            Operand<TFloat32> v = tf.math.mul(tf.gather(flat, idx, tf.constant(0)), weight);
            sum = sum == null ? v : tf.math.add(sum, v);
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32>[][] corners(Operand<TFloat32> x0, Operand<TFloat32> x1, Operand<TFloat32> y0,
            Operand<TFloat32> y1, Operand<TFloat32> wx0, Operand<TFloat32> wx1, Operand<TFloat32> wy0,
            Operand<TFloat32> wy1) {
        return new Operand[][] {{x0, y0, wx0, wy0}, {x1, y0, wx1, wy0}, {x0, y1, wx0, wy1}, {x1, y1, wx1, wy1}};
    }

    private static long channels(Operand<TFloat32> nhwc) {
        Shape s = nhwc.shape();
        long c = s.numDimensions() == 4 ? s.size(3) : Shape.UNKNOWN_SIZE;
        if (c == Shape.UNKNOWN_SIZE) {
            throw new IllegalStateException("channel count of the feature map must be static, shape " + s);
        }
        return c;
    }

    /**
     * AdaIN (Eqn 7) on NHWC maps: {@code (fg - mean(fg)) / std(fg) * std(fd) + mean(fd)} per sample and
     * channel over H*W, {@code std = sqrt(population variance + eps)}.
     */
    static Operand<TFloat32> adain(Ops tf, Operand<TFloat32> fg, Operand<TFloat32> fd, float eps) {
        Operand<TInt32> axes = tf.constant(new int[] {1, 2});
        Operand<TFloat32> e = tf.constant(eps);
        Operand<TFloat32> mg = tf.math.mean(fg, axes, Mean.keepDims(true));
        Operand<TFloat32> md = tf.math.mean(fd, axes, Mean.keepDims(true));
        Operand<TFloat32> cg = tf.math.sub(fg, mg);
        Operand<TFloat32> cd = tf.math.sub(fd, md);
        Operand<TFloat32> sg = tf.math.sqrt(tf.math.add(tf.math.mean(tf.math.square(cg), axes, Mean.keepDims(true)), e));
        Operand<TFloat32> sd = tf.math.sqrt(tf.math.add(tf.math.mean(tf.math.square(cd), axes, Mean.keepDims(true)), e));
        return tf.math.add(tf.math.mul(tf.math.div(cg, sg), sd), md);
    }
}
