package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PSNR and SSIM (Wang et al. 2004) on cases whose values follow from the definitions. */
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

    @Test
    void mismatchedOrTinyImagesAreRejected() {
        assertThrows(InvalidInputException.class, () -> ImageQuality.psnr(constant(4, 4, 0), constant(5, 4, 0)));
        assertThrows(InvalidInputException.class, () -> ImageQuality.ssim(constant(8, 8, 0), constant(8, 8, 0)));
    }
}
