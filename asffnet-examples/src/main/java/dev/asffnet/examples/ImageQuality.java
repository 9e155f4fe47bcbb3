package dev.asffnet.examples;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;

/**
 * Image quality on RGB in [0,1]: PSNR, and SSIM as defined by Wang et al. (2004) with an 11x11 Gaussian
 * window (sigma 1.5), K1 = 0.01, K2 = 0.03, dynamic range L = 1, statistics over the window positions that
 * fit inside the image ("valid"), averaged over positions and the three channels; and sharpness as the
 * variance of the 3x3 Laplacian of the luma ({@link #laplacianVariance}).
 */
public final class ImageQuality {
    private static final int WIN = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private ImageQuality() {
    }

    /** Peak signal-to-noise ratio in dB for peak 1 (infinite for identical images). */
    public static double psnr(FaceImage a, FaceImage b) {
        float[] x = a.toArray();
        float[] y = same(a, b).toArray();
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            se += d * d;
        }
        double mse = se / x.length;
        return 10 * Math.log10(1.0 / mse);
    }

    /** Mean SSIM over the three RGB channels. */
    public static double ssim(FaceImage a, FaceImage b) {
        same(a, b);
        int w = a.width();
        int h = a.height();
        if (w < WIN || h < WIN) {
            throw new InvalidInputException("SSIM needs images of at least " + WIN + "x" + WIN);
        }
        double[] k = new double[WIN];
        double sum = 0;
        for (int i = 0; i < WIN; i++) {
            k[i] = Math.exp(-((i - WIN / 2) * (i - WIN / 2)) / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WIN; i++) {
            k[i] /= sum;
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        double total = 0;
        int plane = w * h;
        for (int c = 0; c < 3; c++) {
            double[] mx = filter(x, c * plane, w, h, k, 1, null, 0);
            double[] my = filter(y, c * plane, w, h, k, 1, null, 0);
            double[] sxx = filter(x, c * plane, w, h, k, 2, x, c * plane);
            double[] syy = filter(y, c * plane, w, h, k, 2, y, c * plane);
            double[] sxy = filter(x, c * plane, w, h, k, 2, y, c * plane);
            double acc = 0;
            for (int i = 0; i < mx.length; i++) {
                double vx = sxx[i] - mx[i] * mx[i];
                double vy = syy[i] - my[i] * my[i];
                double cxy = sxy[i] - mx[i] * my[i];
                acc += ((2 * mx[i] * my[i] + C1) * (2 * cxy + C2))
                        / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
            }
            total += acc / mx.length;
        }
        return total / 3;
    }

    /**
     * High-frequency energy: the population variance of the 4-neighbour Laplacian
     * {@code [0 1 0; 1 -4 1; 0 1 0]} of the BT.601 luma {@code Y = 0.299 R + 0.587 G + 0.114 B} (same [0,1]
     * range as PSNR), over the interior pixels where the 3x3 kernel fits. A linear ramp gives 0; a
     * checkerboard {@code m +- a} gives Laplacian values {@code -+8a}, hence {@code 64 a^2}.
     *
     * @throws InvalidInputException if the image is smaller than 3x3
     */
    public static double laplacianVariance(FaceImage img) {
        int w = img.width();
        int h = img.height();
        if (w < 3 || h < 3) {
            throw new InvalidInputException("the Laplacian needs an image of at least 3x3, got " + w + "x" + h);
        }
        float[] x = img.toArray();
        int plane = w * h;
        double[] y = new double[plane];
        for (int i = 0; i < plane; i++) {
            y[i] = 0.299 * x[i] + 0.587 * x[plane + i] + 0.114 * x[2 * plane + i];
        }
        double sum = 0;
        double sq = 0;
        for (int r = 1; r < h - 1; r++) {
            for (int c = 1; c < w - 1; c++) {
                int i = r * w + c;
                double l = y[i - w] + y[i + w] + y[i - 1] + y[i + 1] - 4 * y[i];
                sum += l;
                sq += l * l;
            }
        }
        int n = (w - 2) * (h - 2);
        double mean = sum / n;
        return Math.max(0, sq / n - mean * mean);
    }

    /**
     * Sharpness ratio: {@link #laplacianVariance} of {@code img} over that of {@code reference} (1 when as
     * sharp as the reference, below 1 when smoother).
     *
     * @throws InvalidInputException if the sizes differ or the reference is flat (variance 0)
     */
    public static double sharpnessRatio(FaceImage img, FaceImage reference) {
        same(img, reference);
        double ref = laplacianVariance(reference);
        if (ref == 0) {
            throw new InvalidInputException("sharpness ratio undefined: the reference image has no Laplacian variance");
        }
        return laplacianVariance(img) / ref;
    }

    /** Valid-mode separable Gaussian filter of x (or of x*y when order is 2). */
    private static double[] filter(float[] x, int ox, int w, int h, double[] k, int order, float[] y, int oy) {
        int ow = w - WIN + 1;
        int oh = h - WIN + 1;
        double[] rows = new double[ow * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < ow; c++) {
                double s = 0;
                for (int t = 0; t < WIN; t++) {
                    int idx = r * w + c + t;
                    double v = order == 1 ? x[ox + idx] : (double) x[ox + idx] * y[oy + idx];
                    s += k[t] * v;
                }
                rows[r * ow + c] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                double s = 0;
                for (int t = 0; t < WIN; t++) {
                    s += k[t] * rows[(r + t) * ow + c];
                }
                out[r * ow + c] = s;
            }
        }
        return out;
    }

    private static FaceImage same(FaceImage a, FaceImage b) {
        if (a == null || b == null || a.width() != b.width() || a.height() != b.height()) {
            throw new InvalidInputException("quality metrics need two images of the same size, got "
                    + a + " and " + b);
        }
        return b;
    }
}
