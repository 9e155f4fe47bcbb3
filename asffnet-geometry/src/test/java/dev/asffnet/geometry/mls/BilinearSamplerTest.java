package dev.asffnet.geometry.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.geometry.TestData;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BilinearSamplerTest {
    static LongStream seeds() {
        return TestData.seeds(200);
    }

    private static float[] randomImage(Random r, int c, int w, int h) {
        float[] a = new float[c * w * h];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 0.5);
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void exactAtIntegerPositionsAndZeroOutside(long seed) {
        Random r = new Random(seed);
        int c = 1 + r.nextInt(4), w = 1 + r.nextInt(20), h = 1 + r.nextInt(20);
        float[] img = randomImage(r, c, w, h);
        int ow = 1 + r.nextInt(15), oh = 1 + r.nextInt(15);
        double[] sx = new double[ow * oh];
        double[] sy = new double[ow * oh];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = r.nextInt(w + 6) - 3;
            sy[i] = r.nextInt(h + 6) - 3;
        }
        float[] out = BilinearSampler.sample(img, c, w, h, MlsWarpField.of(ow, oh, sx, sy));
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < sx.length; i++) {
                int x = (int) sx[i], y = (int) sy[i];
                float expected = x >= 0 && x < w && y >= 0 && y < h ? img[(ch * h + y) * w + x] : 0f;
                assertEquals(expected, out[ch * sx.length + i], 0f, "seed " + seed + " channel " + ch + " pos " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void reproducesLinearRampsInside(long seed) {
        Random r = new Random(seed);
        int w = 2 + r.nextInt(30), h = 2 + r.nextInt(30);
        double a = r.nextGaussian(), b = r.nextGaussian(), c0 = r.nextGaussian();
        float[] img = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y * w + x] = (float) (a * x + b * y + c0);
            }
        }
        int n = 50;
        double[] sx = new double[n], sy = new double[n];
        for (int i = 0; i < n; i++) {
            sx[i] = r.nextDouble() * (w - 1);
            sy[i] = r.nextDouble() * (h - 1);
        }
        float[] out = BilinearSampler.sample(img, 1, w, h, MlsWarpField.of(n, 1, sx, sy));
        for (int i = 0; i < n; i++) {
            double expected = a * sx[i] + b * sy[i] + c0;
            assertEquals(expected, out[i], 1e-5 * (1 + Math.abs(a) * w + Math.abs(b) * h + Math.abs(c0)), "seed " + seed + " at " + sx[i] + "," + sy[i]);
        }
    }

    @Test
    void borderNeighboursOutsideContributeZero() {
        float[] img = {1, 2, 3, 4}; // 2x2
        MlsWarpField f = MlsWarpField.of(4, 1, new double[] {-0.5, 1.5, 0.5, -1}, new double[] {0, 1, -0.25, 0});
        float[] out = BilinearSampler.sample(img, 1, 2, 2, f);
        assertEquals(0.5f, out[0], 1e-7f); // half of pixel (0,0)
        assertEquals(2f, out[1], 1e-7f); // half of pixel (1,1) = 4 / 2
        assertEquals(0.75f * 1.5f, out[2], 1e-6f); // 0.75 of the row-0 average (1+2)/2
        assertEquals(0f, out[3], 0f);
    }

    @Test
    void faceImageOverloadAndBadInput() {
        FaceImage img = FaceImage.of(2, 1, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        FaceImage out = BilinearSampler.sample(img, MlsWarpField.of(1, 1, new double[] {1}, new double[] {0}));
        assertEquals(0.6f, out.get(2, 0, 0), 0f);
        MlsWarpField one = MlsWarpField.of(1, 1, new double[1], new double[1]);
        assertThrows(InvalidInputException.class, () -> BilinearSampler.sample(new float[5], 1, 2, 2, one));
        assertThrows(InvalidInputException.class, () -> BilinearSampler.sample(new float[4], 1, 2, 2, null));
        assertThrows(InvalidInputException.class, () -> BilinearSampler.sample(new float[4], 0, 2, 2, null));
    }
}
