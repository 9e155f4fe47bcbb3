package dev.asffnet.geometry.image;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.geometry.Checks;

/**
 * "Bicubic" resizing as PIL's {@code Image.resize(size, BICUBIC)} on float32 ('F' mode) planes
 * (conventions.md; used for the down- and up-sampling of Eqn 18): Keys cubic with {@code a = -0.5},
 * centre-aligned ({@code src = (dst + 0.5) * scale - 0.5}), support widened by the scale factor when
 * downsampling, weights normalised per output pixel, horizontal pass first into a float32 intermediate,
 * then vertical; sums in double. Values are not clamped.
 */
public final class BicubicResize {
    private BicubicResize() {
    }

    /**
     * Resizes planar CHW data from {@code w x h} to {@code newW x newH}.
     *
     * @param chw planar input data
     * @param channels number of channels
     * @param w input width
     * @param h input height
     * @param newW output width
     * @param newH output height
     * @return the resized planar data (a new array)
     * @throws InvalidInputException for a wrong data length, a non-positive target, or a target whose passes
     *     would exceed Java's array size
     */
    public static float[] resize(float[] chw, int channels, int w, int h, int newW, int newH) {
        Checks.chw(chw, channels, w, h, "resize input");
        if (newW <= 0 || newH <= 0) {
            throw new InvalidInputException("resize target must be positive, got " + newW + "x" + newH);
        }
        if ((long) channels * Math.max(h, newH) * Math.max(w, newW) > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("resize from " + w + "x" + h + " to " + newW + "x" + newH + " needs more than "
                    + "2^31 values per pass; resize a smaller region or in steps");
        }
        float[] cur = chw;
        int cw = w;
        if (newW != w) {
            Coeffs cx = coeffs(w, newW);
            float[] out = new float[channels * h * newW];
            for (int r = 0; r < channels * h; r++) {
                int in = r * w;
                int o = r * newW;
                for (int xx = 0; xx < newW; xx++) {
                    int k0 = xx * cx.ksize;
                    int xmin = cx.min[xx];
                    double s = 0;
                    for (int x = 0; x < cx.len[xx]; x++) {
                        s += cur[in + xmin + x] * cx.k[k0 + x];
                    }
                    out[o + xx] = (float) s;
                }
            }
            cur = out;
            cw = newW;
        }
        if (newH != h) {
            Coeffs cy = coeffs(h, newH);
            float[] out = new float[channels * newH * cw];
            for (int c = 0; c < channels; c++) {
                int in = c * h * cw;
                int o = c * newH * cw;
                for (int yy = 0; yy < newH; yy++) {
                    int k0 = yy * cy.ksize;
                    int ymin = cy.min[yy];
                    int len = cy.len[yy];
                    for (int x = 0; x < cw; x++) {
                        double s = 0;
                        for (int y = 0; y < len; y++) {
                            s += cur[in + (ymin + y) * cw + x] * cy.k[k0 + y];
                        }
                        out[o + yy * cw + x] = (float) s;
                    }
                }
            }
            cur = out;
        }
        return cur == chw ? chw.clone() : cur;
    }

    /**
     * Resizes an RGB image (values may leave [0,1] by the cubic overshoot; not clamped).
     *
     * @param image the image
     * @param newW output width
     * @param newH output height
     * @return the resized image
     * @throws InvalidInputException if the image is null or a target size is not positive
     */
    public static FaceImage resize(FaceImage image, int newW, int newH) {
        if (image == null) {
            throw new InvalidInputException("image is null");
        }
        return FaceImage.of(newW, newH, resize(image.toArray(), FaceImage.CHANNELS, image.width(), image.height(), newW, newH));
    }

    /** Pillow's {@code precompute_coeffs}: per output index the first input index, the tap count and the taps. */
    private record Coeffs(int ksize, int[] min, int[] len, double[] k) {
    }

    private static Coeffs coeffs(int in, int out) {
        double scale = (double) in / out;
        double filterscale = Math.max(scale, 1.0);
        double support = 2.0 * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] min = new int[out];
        int[] len = new int[out];
        double[] k = new double[out * ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < out; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), in) - xmin;
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                double w = cubic((x + xmin - center + 0.5) * ss);
                k[xx * ksize + x] = w;
                ww += w;
            }
            if (ww != 0) {
                for (int x = 0; x < xmax; x++) {
                    k[xx * ksize + x] /= ww;
                }
            }
            min[xx] = xmin;
            len[xx] = xmax;
        }
        return new Coeffs(ksize, min, len, k);
    }

    /** Keys cubic convolution kernel with a = -0.5 (Pillow's {@code bicubic_filter}). */
    static double cubic(double x) {
        final double a = -0.5;
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * a;
        }
        return 0.0;
    }

    /**
     * One value of a CHW plane sampled at {@code (x, y)} (pixel centres at integers) with the same Keys
     * kernel, edges replicated, clamped to [0, 1]. Sharper than bilinear sampling at about 1:1 scale, where
     * a half-pixel shift turns bilinear into a [0.5, 0.5] blur.
     *
     * @param img CHW values
     * @param off offset of the plane in {@code img}
     * @param w plane width
     * @param h plane height
     * @param x sample column
     * @param y sample row
     * @return the interpolated value in [0, 1]
     */
    public static float sample(float[] img, int off, int w, int h, double x, double y) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        double fx = x - ix;
        double fy = y - iy;
        double sum = 0;
        for (int j = -1; j <= 2; j++) {
            double wy = cubic(j - fy);
            int yy = Math.max(0, Math.min(h - 1, iy + j));
            double row = 0;
            for (int i = -1; i <= 2; i++) {
                int xx = Math.max(0, Math.min(w - 1, ix + i));
                row += cubic(i - fx) * img[off + yy * w + xx];
            }
            sum += wy * row;
        }
        return (float) Math.max(0.0, Math.min(1.0, sum));
    }

    /**
     * {@link #sample} of every plane of a CHW image at one position, the column weights and clamped columns
     * computed once: the same values as {@code channels} calls of {@link #sample}. (Kept compact: an unrolled
     * form was not inlined into {@code FaceAligner.pasteBack} and made it slower.)
     *
     * @param img CHW values, {@code channels} planes of {@code w x h}
     * @param channels number of planes
     * @param w plane width
     * @param h plane height
     * @param x sample column
     * @param y sample row
     * @param out receives one value in [0, 1] per plane
     */
    public static void sampleAll(float[] img, int channels, int w, int h, double x, double y, float[] out) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        double fx = x - ix;
        double fy = y - iy;
        double wx0 = cubic(-1 - fx), wx1 = cubic(-fx), wx2 = cubic(1 - fx), wx3 = cubic(2 - fx);
        int x0 = Math.max(0, Math.min(w - 1, ix - 1));
        int x1 = Math.max(0, Math.min(w - 1, ix));
        int x2 = Math.max(0, Math.min(w - 1, ix + 1));
        int x3 = Math.max(0, Math.min(w - 1, ix + 2));
        int plane = w * h;
        for (int c = 0; c < channels; c++) {
            int off = c * plane;
            double sum = 0;
            for (int j = -1; j <= 2; j++) {
                double wy = cubic(j - fy);
                int row = off + Math.max(0, Math.min(h - 1, iy + j)) * w;
                double r = 0;
                r += wx0 * img[row + x0];
                r += wx1 * img[row + x1];
                r += wx2 * img[row + x2];
                r += wx3 * img[row + x3];
                sum += wy * r;
            }
            out[c] = (float) Math.max(0.0, Math.min(1.0, sum));
        }
    }
}
