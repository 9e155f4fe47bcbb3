package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PSNR, SSIM (Wang et al. 2004) and Laplacian sharpness on cases whose values follow from the definitions. */
class ImageQualityTest {
    private static FaceImage constant(int w, int h, float v) {
        float[] d = new float[3 * w * h];
        Arrays.fill(d, v);
        return FaceImage.of(w, h, d);
    }

    private static FaceImage random(long seed, int w, int h) {
        Random r = new Random(seed);
        float[] d = new float[3 * w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.2f + 0.6f * r.nextFloat();
        }
        return FaceImage.of(w, h, d);
    }

    @Test
    void psnrOfAKnownMeanSquaredError() {
        // every pixel off by 0.1 -> MSE 0.01 -> 20 dB
        assertEquals(20.0, ImageQuality.psnr(constant(16, 16, 0.5f), constant(16, 16, 0.6f)), 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(constant(4, 4, 0.3f), constant(4, 4, 0.3f)));
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        FaceImage a = random(1, 40, 30);
        assertEquals(1.0, ImageQuality.ssim(a, a), 1e-12);
    }

    @Test
    void ssimOfConstantImagesIsTheLuminanceTerm() {
        double a = 0.3;
        double b = 0.7;
        double c1 = 1e-4;
        double expected = (2 * a * b + c1) / (a * a + b * b + c1);
        assertEquals(expected, ImageQuality.ssim(constant(20, 20, (float) a), constant(20, 20, (float) b)), 1e-5);
    }

    @Test
    void ssimOfAnInvertedImageIsNegativeAndNoiseLowersIt() {
        FaceImage a = random(2, 32, 32);
        float[] inv = a.toArray();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1f - inv[i];
        }
        assertTrue(ImageQuality.ssim(a, FaceImage.of(32, 32, inv)) < 0);
        float[] noisy = a.toArray();
        Random r = new Random(3);
        double last = 1;
        for (double sigma : new double[] {0.01, 0.05, 0.2}) {
            float[] n = noisy.clone();
            for (int i = 0; i < n.length; i++) {
                n[i] += (float) (sigma * r.nextGaussian());
            }
            double s = ImageQuality.ssim(a, FaceImage.of(32, 32, n));
            assertTrue(s < last, "SSIM falls as noise grows: sigma " + sigma + " -> " + s);
            last = s;
        }
    }

    /** Values from an independent SciPy implementation: training/tests/ssim_reference.py. */
    @Test
    void matchesAnIndependentScipyImplementation() {
        FaceImage a = formula(40, 33, false);
        FaceImage b = formula(40, 33, true);
        assertEquals(0.8634631250103227, ImageQuality.ssim(a, b), 1e-6);
        assertEquals(20.844208958889602, ImageQuality.psnr(a, b), 1e-4);
    }

    private static FaceImage formula(int w, int h, boolean second) {
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = Math.sin(0.3 * x + 0.2 * y + c);
                    double v = second ? 0.5 + 0.4 * s * 0.8 + 0.1 * Math.cos(0.5 * x - 0.3 * y + 2 * c) : 0.5 + 0.4 * s;
                    d[(c * h + y) * w + x] = (float) v;
                }
            }
        }
        return FaceImage.of(w, h, d);
    }

    /** A checkerboard {@code m +- a} in the channels whose {@code on} flag is set, {@code m} elsewhere. */
    private static FaceImage checkerboard(int w, int h, double m, double a, boolean... on) {
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = (float) (m + (on[c] ? ((x + y) % 2 == 0 ? a : -a) : 0));
                }
            }
        }
        return FaceImage.of(w, h, d);
    }

    /** 3x3 box blur of every channel, edges clamped. */
    private static FaceImage boxBlur(FaceImage img) {
        int w = img.width();
        int h = img.height();
        float[] x = img.toArray();
        float[] out = new float[x.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int u = 0; u < w; u++) {
                    double s = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.min(h - 1, Math.max(0, y + dy));
                            int xx = Math.min(w - 1, Math.max(0, u + dx));
                            s += x[(c * h + yy) * w + xx];
                        }
                    }
                    out[(c * h + y) * w + u] = (float) (s / 9);
                }
            }
        }
        return FaceImage.of(w, h, out);
    }

    @Test
    void laplacianVarianceIsZeroOnConstantsAndLinearRamps() {
        assertEquals(0.0, ImageQuality.laplacianVariance(constant(10, 7, 0.4f)), 1e-12);
        int w = 20;
        int h = 15;
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = (float) (0.1 + 0.02 * x + 0.03 * y + 0.1 * c);
                }
            }
        }
        assertEquals(0.0, ImageQuality.laplacianVariance(FaceImage.of(w, h, d)), 1e-10);
    }

    @Test
    void laplacianVarianceOfACheckerboardIs64ASquaredInLuma() {
        double a = 0.1;
        // grey: luma amplitude a; the Laplacian is -+8a everywhere inside, mean 0 on an even interior count
        assertEquals(64 * a * a, ImageQuality.laplacianVariance(checkerboard(16, 12, 0.5, a, true, true, true)), 1e-6);
        // one channel only: luma amplitude is that channel's BT.601 weight times a
        assertEquals(64 * Math.pow(0.299 * a, 2),
                ImageQuality.laplacianVariance(checkerboard(16, 12, 0.5, a, true, false, false)), 1e-7);
        assertEquals(64 * Math.pow(0.587 * a, 2),
                ImageQuality.laplacianVariance(checkerboard(16, 12, 0.5, a, false, true, false)), 1e-7);
        assertEquals(64 * Math.pow(0.114 * a, 2),
                ImageQuality.laplacianVariance(checkerboard(16, 12, 0.5, a, false, false, true)), 1e-7);
    }

    @Test
    void blurLowersTheLaplacianVarianceAndTheSharpnessRatio() {
        // a 3x3 box blur turns the checkerboard +-a into +-a/9 away from the border
        FaceImage board = checkerboard(16, 16, 0.5, 0.2, true, true, true);
        FaceImage blurred = boxBlur(board);
        float[] inner = new float[3 * 12 * 12];
        float[] b = blurred.toArray();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 12; y++) {
                System.arraycopy(b, (c * 16 + y + 2) * 16 + 2, inner, (c * 12 + y) * 12, 12);
            }
        }
        assertEquals(64 * Math.pow(0.2 / 9, 2), ImageQuality.laplacianVariance(FaceImage.of(12, 12, inner)), 1e-6);
        FaceImage noise = random(4, 32, 32);
        FaceImage once = boxBlur(noise);
        double r1 = ImageQuality.sharpnessRatio(once, noise);
        double r2 = ImageQuality.sharpnessRatio(boxBlur(once), noise);
        assertTrue(r1 < 0.5 && r2 < r1, "blur lowers the ratio: " + r1 + ", " + r2);
        assertEquals(1.0, ImageQuality.sharpnessRatio(noise, noise), 1e-12);
        assertEquals(0.25, ImageQuality.sharpnessRatio(checkerboard(16, 12, 0.5, 0.1, true, true, true),
                checkerboard(16, 12, 0.5, 0.2, true, true, true)), 1e-5);
    }

    @Test
    void sharpnessRejectsTinyMismatchedOrFlatReferences() {
        assertThrows(InvalidInputException.class, () -> ImageQuality.laplacianVariance(constant(2, 5, 0)));
        assertThrows(InvalidInputException.class, () -> ImageQuality.sharpnessRatio(constant(8, 8, 0), constant(9, 8, 0)));
        assertThrows(InvalidInputException.class, () -> ImageQuality.sharpnessRatio(random(5, 8, 8), constant(8, 8, 0.5f)));
    }

    @Test
    void mismatchedOrTinyImagesAreRejected() {
        assertThrows(InvalidInputException.class, () -> ImageQuality.psnr(constant(4, 4, 0), constant(5, 4, 0)));
        assertThrows(InvalidInputException.class, () -> ImageQuality.ssim(constant(8, 8, 0), constant(8, 8, 0)));
    }
}
