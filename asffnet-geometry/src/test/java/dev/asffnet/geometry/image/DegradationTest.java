package dev.asffnet.geometry.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.geometry.TestData;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DegradationTest {
    static LongStream seeds() {
        return TestData.seeds(40);
    }

    @Test
    void samplesThePapersGrid() {
        Random r = new Random(3);
        Set<Degradation.Kernel> kernels = EnumSet.noneOf(Degradation.Kernel.class);
        double minS = 9, maxS = 0;
        int minQ = 100, maxQ = 0;
        for (int i = 0; i < 2000; i++) {
            Degradation.Params p = Degradation.sample(r);
            kernels.add(p.kernel());
            assertEquals(Math.round(p.blurSigma() * 10), p.blurSigma() * 10, 1e-9, "sigma on the 0.1 grid");
            assertTrue(p.blurSigma() >= 1 - 1e-12 && p.blurSigma() <= 3 + 1e-12);
            assertEquals(Math.round(p.scale() * 10), p.scale() * 10, 1e-9, "scale on the 0.1 grid");
            assertTrue(p.noiseSigma() >= 0 && p.noiseSigma() <= 15);
            minS = Math.min(minS, p.scale());
            maxS = Math.max(maxS, p.scale());
            minQ = Math.min(minQ, p.jpegQuality());
            maxQ = Math.max(maxQ, p.jpegQuality());
        }
        assertEquals(EnumSet.allOf(Degradation.Kernel.class), kernels);
        assertEquals(1.0, minS, 1e-9);
        assertEquals(8.0, maxS, 1e-9);
        assertEquals(10, minQ);
        assertEquals(60, maxQ);
        assertEquals(Degradation.evaluation(42, 4), Degradation.evaluation(42, 4));
        assertEquals(8.0, Degradation.evaluation(7, 8).scale());
    }

    private static FaceImage smoothImage(Random r, int n) {
        float[] chw = new float[3 * n * n];
        double f = 2 * Math.PI / (10 + 20 * r.nextDouble());
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    chw[(c * n + y) * n + x] = (float) (0.5 + 0.4 * Math.sin(f * x + c) * Math.cos(f * y));
                }
            }
        }
        return FaceImage.of(n, n, chw);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void applyIsDeterministicSizedAndInRange(long seed) {
        Random r = new Random(seed);
        FaceImage hq = smoothImage(r, 64);
        Degradation.Params p = Degradation.sampleFixedScale(r, seed % 2 == 0 ? 4 : 8);
        FaceImage d1 = Degradation.apply(hq, p);
        FaceImage d2 = Degradation.apply(hq, p);
        assertEquals(d1, d2, "seed " + seed + ": same parameters, same result");
        assertEquals(64, d1.width());
        assertEquals(64, d1.height());
        double diff = 0;
        for (float v : d1.toArray()) {
            assertTrue(v >= 0 && v <= 1, "seed " + seed + " value " + v);
        }
        float[] a = hq.toArray(), b = d1.toArray();
        for (int i = 0; i < a.length; i++) {
            diff += Math.abs(a[i] - b[i]) / a.length;
        }
        assertTrue(diff > 1e-3 && diff < 0.3, "seed " + seed + " mean abs change " + diff + " for " + p);
    }

    @Test
    void motionKernelIsANormalisedCentredSegment() {
        for (int len = 5; len <= 15; len++) {
            int size = len | 1;
            double[] k = Degradation.motionKernel(len, 37.0 * len, size);
            double sum = 0, mx = 0, my = 0;
            for (int i = 0; i < k.length; i++) {
                assertTrue(k[i] >= 0);
                sum += k[i];
                mx += k[i] * (i % size);
                my += k[i] * (i / size);
            }
            assertEquals(1, sum, 1e-12);
            assertEquals((size - 1) / 2.0, mx, 1e-9, "centred in x, length " + len);
            assertEquals((size - 1) / 2.0, my, 1e-9, "centred in y, length " + len);
        }
    }

    @Test
    void noiseSeedMattersAndBadParamsAreRejected() {
        FaceImage hq = smoothImage(new Random(1), 32);
        Degradation.Params p = new Degradation.Params(Degradation.Kernel.GAUSSIAN, 1.5, 5, 0, 2, 10, 90, 1);
        Degradation.Params q = new Degradation.Params(Degradation.Kernel.GAUSSIAN, 1.5, 5, 0, 2, 10, 90, 2);
        assertNotEquals(Degradation.apply(hq, p), Degradation.apply(hq, q));
        assertThrows(InvalidInputException.class, () -> new Degradation.Params(Degradation.Kernel.GAUSSIAN, 1, 5, 0, 0.5, 0, 50, 0));
        assertThrows(InvalidInputException.class, () -> new Degradation.Params(Degradation.Kernel.MOTION, 1, 5, 0, 2, 0, 0, 0));
        assertThrows(InvalidInputException.class, () -> new Degradation.Params(null, 1, 5, 0, 2, 0, 50, 0));
        assertThrows(InvalidInputException.class, () -> Degradation.sampleFixedScale(new Random(), 0.5));
        assertThrows(InvalidInputException.class, () -> Degradation.apply(null, p));
    }
}
