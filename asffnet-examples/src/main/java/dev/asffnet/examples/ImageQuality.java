package dev.asffnet.examples;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;

/**
 * Full-reference image quality on RGB in [0,1]: PSNR, and SSIM as defined by Wang et al. (2004) with an
 * 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, dynamic range L = 1, statistics over the
 * window positions that fit inside the image ("valid"), averaged over positions and the three channels.
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
