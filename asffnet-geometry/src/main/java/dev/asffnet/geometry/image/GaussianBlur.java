package dev.asffnet.geometry.image;

/**
 * Separable, normalised Gaussian blur of planar float images with edge replication (the anti-alias pre-blur
 * of conventions.md and the blur kernel of Eqn 18).
 */
public final class GaussianBlur {
    private GaussianBlur() {
    }

    /**
     * Normalised 1-D Gaussian taps {@code exp(-i^2 / (2 sigma^2))}, i in [-radius, radius].
     *
     * @param sigma the standard deviation in pixels
     * @param radius the kernel radius
     * @return {@code 2 radius + 1} taps summing to 1
     */
    public static double[] kernel(double sigma, int radius) {
        double[] k = new double[2 * radius + 1];
        double s = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
            s += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        return k;
    }

    /**
     * The blurred values of the {@code rw x rh} region at {@code (x0, y0)} of a 3-channel CHW image, computed
     * from the whole image with edge replication (so the region equals the same window of a full blur).
     *
     * @param chw the planar 3-channel image
     * @param w image width
     * @param h image height
     * @param x0 left column of the region
     * @param y0 top row of the region
     * @param rw region width
     * @param rh region height
     * @param sigma the standard deviation in pixels
     * @param radius the kernel radius
     * @return the blurred region as planar {@code 3 x rh x rw} data
     */
    public static float[] blurRegion(float[] chw, int w, int h, int x0, int y0, int rw, int rh, double sigma, int radius) {
        double[] k = kernel(sigma, radius);
        int ry0 = y0 - radius;
        int rows = rh + 2 * radius;
        float[] out = new float[3 * rw * rh];
        float[] tmp = new float[rw * rows];
        for (int c = 0; c < 3; c++) {
            int base = c * w * h;
            for (int r = 0; r < rows; r++) {
                int sy = Math.max(0, Math.min(h - 1, ry0 + r));
                int row = base + sy * w;
                for (int x = 0; x < rw; x++) {
                    double s = 0;
                    for (int i = -radius; i <= radius; i++) {
                        int sx = Math.max(0, Math.min(w - 1, x0 + x + i));
                        s += k[i + radius] * chw[row + sx];
                    }
                    tmp[r * rw + x] = (float) s;
                }
            }
            for (int y = 0; y < rh; y++) {
                for (int x = 0; x < rw; x++) {
                    double s = 0;
                    for (int i = 0; i < k.length; i++) {
                        s += k[i] * tmp[(y + i) * rw + x];
                    }
                    out[(c * rh + y) * rw + x] = (float) s;
                }
            }
        }
        return out;
    }

    /**
     * Full-image 2-D convolution of a 3-channel CHW image with an arbitrary normalised kernel (odd size).
     *
     * @param chw the planar 3-channel image
     * @param w image width
     * @param h image height
     * @param kernel the row-major {@code ksize x ksize} kernel
     * @param ksize the kernel size (odd)
     * @return the convolved image, edge-replicated, of the input's size
     */
    public static float[] convolve(float[] chw, int w, int h, double[] kernel, int ksize) {
        int r = ksize / 2;
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            int base = c * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int j = 0; j < ksize; j++) {
                        int sy = Math.max(0, Math.min(h - 1, y + j - r));
                        for (int i = 0; i < ksize; i++) {
                            double kv = kernel[j * ksize + i];
                            if (kv != 0) {
                                int sx = Math.max(0, Math.min(w - 1, x + i - r));
                                s += kv * chw[base + sy * w + sx];
                            }
                        }
                    }
                    out[base + y * w + x] = (float) s;
                }
            }
        }
        return out;
    }
}
