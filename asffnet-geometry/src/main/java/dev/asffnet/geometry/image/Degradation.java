package dev.asffnet.geometry.image;

import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The degradation model of Eqn 18, {@code I^d = ((I (*) k) downarrow_s + n_sigma)_JPEG_q}, followed by the
 * bicubic upsampling back to the input size (conventions.md). Parameters are sampled as the paper does: k a
 * Gaussian blur with sigma in {1.0, 1.1, ..., 3.0} or a linear motion-blur kernel (half the time each),
 * s in {1.0, 1.1, ..., 8.0} (or fixed for evaluation), noise sigma uniform in [0, 15] on the 0..255 scale,
 * JPEG quality in {10, ..., 60} (ImageIO's IJG encoder). Blurs replicate edges; resizing is
 * {@link BicubicResize}; the result is clamped to [0, 1].
 */
public final class Degradation {
    private Degradation() {
    }

    /** Blur kernel family. */
    public enum Kernel {
        /** Isotropic Gaussian, radius {@code ceil(3 sigma)}. */
        GAUSSIAN,
        /** Linear motion blur: a line segment of {@code motionLength} pixels at {@code motionAngleDeg}. */
        MOTION
    }

    /**
     * One draw of the Eqn 18 parameters; {@code noiseSeed} makes {@link #apply} deterministic.
     *
     * @param kernel the blur kernel k
     * @param blurSigma Gaussian blur sigma in pixels, positive (used by {@link Kernel#GAUSSIAN})
     * @param motionLength motion blur length in pixels, at least 1 (used by {@link Kernel#MOTION})
     * @param motionAngleDeg motion blur direction in degrees
     * @param scale the downsampling factor r, at least 1
     * @param noiseSigma Gaussian noise sigma on the 0..255 scale
     * @param jpegQuality 1..100
     * @param noiseSeed seed of the Gaussian noise
     */
    public record Params(Kernel kernel, double blurSigma, int motionLength, double motionAngleDeg, double scale,
            double noiseSigma, int jpegQuality, long noiseSeed) {
        /**
         * Checks the parameters' ranges.
         *
         * @param kernel the blur kernel
         * @param blurSigma Gaussian blur sigma
         * @param motionLength motion blur length
         * @param motionAngleDeg motion blur direction in degrees
         * @param scale the downsampling factor
         * @param noiseSigma noise sigma on the 0..255 scale
         * @param jpegQuality JPEG quality
         * @param noiseSeed the noise seed
         * @throws InvalidInputException if a parameter is null, not finite or out of range
         */
        public Params {
            if (kernel == null || !(blurSigma > 0) || motionLength < 1 || !Double.isFinite(motionAngleDeg)
                    || !(scale >= 1) || !Double.isFinite(scale) || !(noiseSigma >= 0) || !Double.isFinite(noiseSigma)
                    || jpegQuality < 1 || jpegQuality > 100 || !Double.isFinite(blurSigma)) {
                throw new InvalidInputException("invalid degradation parameters: kernel=" + kernel + ", sigma="
                        + blurSigma + ", motionLength=" + motionLength + ", angle=" + motionAngleDeg + ", scale="
                        + scale + ", noise=" + noiseSigma + ", quality=" + jpegQuality);
            }
        }
    }

    /**
     * Parameters drawn from the paper's training distribution (scale in {1.0, ..., 8.0}).
     *
     * @param random the source of randomness
     * @return the drawn parameters
     */
    public static Params sample(Random random) {
        if (random == null) {
            throw new InvalidInputException("random is null");
        }
        return draw(random, 1.0 + 0.1 * random.nextInt(71));
    }

    /**
     * Parameters for evaluation: the same distribution with the scale fixed (4 or 8 in the paper's tables).
     *
     * @param random the source of randomness
     * @param scale the downsampling factor, at least 1
     * @return the drawn parameters
     */
    public static Params sampleFixedScale(Random random, double scale) {
        if (random == null) {
            throw new InvalidInputException("random is null");
        }
        if (!(scale >= 1) || !Double.isFinite(scale)) {
            throw new InvalidInputException("scale must be >= 1, got " + scale);
        }
        return draw(random, scale);
    }

    /**
     * Seeded fixed-scale parameters: the same seed always gives the same degradation.
     *
     * @param seed the seed
     * @param scale the downsampling factor, at least 1
     * @return the drawn parameters
     */
    public static Params evaluation(long seed, double scale) {
        return sampleFixedScale(new Random(seed), scale);
    }

    private static Params draw(Random r, double scale) {
        Kernel kernel = r.nextBoolean() ? Kernel.GAUSSIAN : Kernel.MOTION;
        double sigma = 1.0 + 0.1 * r.nextInt(21);
        int length = 5 + r.nextInt(11);
        double angle = 180.0 * r.nextDouble();
        double noise = 15.0 * r.nextDouble();
        int quality = 10 + r.nextInt(51);
        return new Params(kernel, sigma, length, angle, scale, noise, quality, r.nextLong());
    }

    /**
     * Applies Eqn 18 with these parameters; the result has the input's size.
     *
     * @param hq the high-quality image
     * @param p the degradation parameters
     * @return the degraded image
     */
    public static FaceImage apply(FaceImage hq, Params p) {
        if (hq == null || p == null) {
            throw new InvalidInputException("degradation needs an image and parameters");
        }
        int w = hq.width();
        int h = hq.height();
        float[] x = blur(hq.toArray(), w, h, p);
        int dw = Math.max(1, (int) Math.round(w / p.scale()));
        int dh = Math.max(1, (int) Math.round(h / p.scale()));
        x = BicubicResize.resize(x, 3, w, h, dw, dh);
        if (p.noiseSigma() > 0) {
            Random noise = new Random(p.noiseSeed());
            double s = p.noiseSigma() / 255.0;
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) (s * noise.nextGaussian());
            }
        }
        clamp(x);
        FaceImage small = jpeg(FaceImage.of(dw, dh, x), p.jpegQuality());
        float[] up = BicubicResize.resize(small.toArray(), 3, dw, dh, w, h);
        clamp(up);
        return FaceImage.of(w, h, up);
    }

    static float[] blur(float[] chw, int w, int h, Params p) {
        if (p.kernel() == Kernel.GAUSSIAN) {
            int radius = (int) Math.ceil(3 * p.blurSigma());
            return GaussianBlur.blurRegion(chw, w, h, 0, 0, w, h, p.blurSigma(), radius);
        }
        int size = p.motionLength() | 1;
        double[] k = motionKernel(p.motionLength(), p.motionAngleDeg(), size);
        return GaussianBlur.convolve(chw, w, h, k, size);
    }

    /** A normalised {@code size x size} kernel: a centred segment of the given length, splatted bilinearly. */
    static double[] motionKernel(int length, double angleDeg, int size) {
        double[] k = new double[size * size];
        double c = (size - 1) / 2.0;
        double dx = Math.cos(Math.toRadians(angleDeg));
        double dy = Math.sin(Math.toRadians(angleDeg));
        int steps = Math.max(1, 10 * (length - 1));
        double half = (length - 1) / 2.0;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double t = -half + (length - 1) * (double) i / steps;
            double x = c + t * dx;
            double y = c + t * dy;
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = x - x0;
            double fy = y - y0;
            sum += splat(k, size, x0, y0, (1 - fx) * (1 - fy)) + splat(k, size, x0 + 1, y0, fx * (1 - fy))
                    + splat(k, size, x0, y0 + 1, (1 - fx) * fy) + splat(k, size, x0 + 1, y0 + 1, fx * fy);
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    private static double splat(double[] k, int size, int x, int y, double v) {
        if (x < 0 || y < 0 || x >= size || y >= size) {
            return 0;
        }
        k[y * size + x] += v;
        return v;
    }

    private static void clamp(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] < 0f ? 0f : (x[i] > 1f ? 1f : x[i]);
        }
    }

    /** JPEG round trip through ImageIO at quality q (1..100). */
    static FaceImage jpeg(FaceImage img, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(img.toBufferedImage(), null, null), param);
        } catch (IOException e) {
            throw new AsffnetException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            return FaceImage.fromBufferedImage(back);
        } catch (IOException e) {
            throw new AsffnetException("JPEG decoding failed", e);
        }
    }
}
