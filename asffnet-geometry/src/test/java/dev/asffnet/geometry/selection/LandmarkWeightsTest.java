package dev.asffnet.geometry.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LandmarkWeightsTest {
    static LongStream seeds() {
        return TestData.seeds(100);
    }

    private static List<LandmarkWeights.Tuple> randomTuples(Random r, int n) {
        List<LandmarkWeights.Tuple> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Landmarks base = TestData.randomLandmarks(r, 20, 108);
            List<Landmarks> cands = new ArrayList<>();
            int k = 2 + r.nextInt(4);
            for (int c = 0; c < k; c++) {
                double[] xy = base.toArray();
                for (int i = 0; i < xy.length; i++) {
                    xy[i] += (1 + 3 * c) * r.nextGaussian();
                }
                cands.add(Landmarks.of(xy));
            }
            out.add(new LandmarkWeights.Tuple(base, cands, r.nextInt(k)));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void distanceGradientIsTheSquaredResidual(long seed) {
        Random r = new Random(seed);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        Landmarks g = TestData.randomLandmarks(r, 0, 128);
        double[] w = TestData.randomWeights(r);
        double[] grad = AffineDistance.residualsSquared(d, g, w);
        for (int m = 0; m < 68; m += 5) {
            double h = 1e-5 * w[m];
            double[] wp = w.clone(), wm = w.clone();
            wp[m] += h;
            wm[m] -= h;
            double fd = (AffineDistance.squared(d, g, wp) - AffineDistance.squared(d, g, wm)) / (2 * h);
            assertEquals(fd, grad[m], 1e-5 * (1 + Math.abs(fd)), "seed " + seed + " w_" + m);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hingeLossGradientMatchesFiniteDifferences(long seed) {
        Random r = new Random(seed);
        List<LandmarkWeights.Tuple> tuples = randomTuples(r, 3);
        double[] w = TestData.randomWeights(r);
        // a margin above every distance gap keeps all hinges active (the loss is smooth there); without
        // it (margin 1) some hinges are inactive and only the active ones may contribute
        double gap = 0;
        for (LandmarkWeights.Tuple t : tuples) {
            double best = AffineDistance.squared(t.degraded(), t.candidates().get(t.best()), w);
            for (Landmarks c : t.candidates()) {
                gap = Math.max(gap, Math.abs(AffineDistance.squared(t.degraded(), c, w) - best));
            }
        }
        double margin = seed % 2 == 0 ? 2 * gap + 1 : 1.0;
        double[] grad = LandmarkWeights.hingeLossGradient(tuples, w, margin);
        for (int m = 0; m < 68; m += 3) {
            double h = 1e-6 * w[m];
            double[] wp = w.clone(), wm = w.clone();
            wp[m] += h;
            wm[m] -= h;
            double fd = (LandmarkWeights.hingeLoss(tuples, wp, margin) - LandmarkWeights.hingeLoss(tuples, wm, margin)) / (2 * h);
            assertEquals(fd, grad[m], 1e-4 * (1 + Math.abs(fd)), "seed " + seed + " w_" + m);
        }
        // with margin 0 nothing violates once the best is strictly smallest
        assertTrue(LandmarkWeights.hingeLoss(tuples, w, 0) >= 0, "seed " + seed);
    }

    @Test
    void fitLearnsWeightsThatSelectTheBestExemplars() {
        // the "best" exemplar agrees with the degraded face on the mouth (48..67) and is noisy elsewhere; a
        // distractor is uniformly mildly noisy. Uniform weights prefer the distractor; learned ones the best.
        Random r = new Random(11);
        List<LandmarkWeights.Tuple> tuples = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            Landmarks d = TestData.randomLandmarks(r, 20, 108);
            double[] best = d.toArray();
            double[] other = d.toArray();
            for (int m = 0; m < 68; m++) {
                double sb = m >= 48 ? 0.1 : 2.0;
                double so = 1.3;
                for (int a = 0; a < 2; a++) {
                    best[2 * m + a] += sb * r.nextGaussian();
                    other[2 * m + a] += so * r.nextGaussian();
                }
            }
            tuples.add(new LandmarkWeights.Tuple(d, List.of(Landmarks.of(other), Landmarks.of(best)), 1));
        }
        double before = LandmarkWeights.hingeLoss(tuples, LandmarkWeights.uniform().toArray(), 1.0);
        LandmarkWeights learned = LandmarkWeights.fit(tuples, LandmarkWeights.FitOptions.defaults().withIterations(200).withLearningRate(0.05));
        double after = LandmarkWeights.hingeLoss(tuples, learned.toArray(), 1.0);
        assertTrue(after < 0.5 * before, "loss " + before + " -> " + after);
        double mean = 0, mouth = 0, rest = 0;
        for (int m = 0; m < 68; m++) {
            assertTrue(learned.get(m) > 0, "weight " + m + " positive");
            mean += learned.get(m) / 68;
            if (m >= 48) {
                mouth += learned.get(m) / 20;
            } else {
                rest += learned.get(m) / 48;
            }
        }
        assertEquals(1.0, mean, 1e-9);
        assertTrue(mouth > 2 * rest, "mouth weights " + mouth + " vs rest " + rest);
        int right = 0;
        for (LandmarkWeights.Tuple t : tuples) {
            right += new AffineDistanceSelector(learned).select(t.degraded(), t.candidates()).index() == 1 ? 1 : 0;
        }
        assertTrue(right >= 27, "selected the best in " + right + "/30");
    }

    @Test
    void uniformPullKeepsTheFitCloserToUniform() {
        Random r = new Random(5);
        List<LandmarkWeights.Tuple> tuples = randomTuples(r, 40);
        LandmarkWeights.FitOptions base = LandmarkWeights.FitOptions.defaults().withIterations(150).withLearningRate(0.05);
        double previous = Double.POSITIVE_INFINITY;
        for (double lambda : new double[] {0, 1, 100, 1e5}) {
            double[] w = LandmarkWeights.fit(tuples, base.withUniformPull(lambda)).toArray();
            double dev = 0;
            for (double v : w) {
                dev += (v - 1) * (v - 1);
            }
            assertTrue(dev <= previous + 1e-9, "lambda " + lambda + ": deviation " + dev + " > " + previous);
            if (lambda == 0) {
                assertTrue(dev > 1, "plain Eqn 4 fit moves away from uniform: " + dev);
            }
            previous = dev;
        }
        assertTrue(previous < 0.05, "a very strong pull stays near uniform (Adam steps of ~lr): " + previous);
        assertThrows(InvalidInputException.class, () -> base.withUniformPull(-1));
        assertThrows(InvalidInputException.class, () -> base.withUniformPull(Double.NaN));
    }

    @Test
    void textFormRoundTripsWithComments(@TempDir Path dir) throws Exception {
        double[] w = TestData.randomWeights(new Random(5));
        LandmarkWeights lw = LandmarkWeights.of(w);
        assertEquals(lw, LandmarkWeights.parse(lw.format()));
        Path f = dir.resolve("w.txt");
        lw.save(f);
        assertEquals(lw, LandmarkWeights.load(f));
        StringBuilder sb = new StringBuilder("# header\n\n");
        for (int m = 0; m < 68; m++) {
            sb.append("  ").append(m + 1).append("   # landmark ").append(m).append("\r\n");
        }
        LandmarkWeights parsed = LandmarkWeights.parse(sb.toString());
        assertEquals(68.0, parsed.get(67));
        assertEquals(68.0, java.util.Arrays.stream(parsed.normalized().toArray()).sum(), 1e-9);
        Files.writeString(f, "1\n2\n");
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.load(f));
    }

    @Test
    void badWeightsAndTuples() {
        assertSame(LandmarkWeights.uniform(), LandmarkWeights.uniform());
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.parse("1\n".repeat(69)));
        var e = assertThrows(InvalidInputException.class, () -> LandmarkWeights.parse("1\n".repeat(10) + "x\n"));
        assertTrue(e.getMessage().contains("line 11"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.parse("-1\n" + "1\n".repeat(67)));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.parse("NaN\n" + "1\n".repeat(67)));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.parse("0\n".repeat(68)));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.of(new double[67]));
        Landmarks l = TestData.randomLandmarks(new Random(1), 0, 9);
        assertThrows(InvalidInputException.class, () -> new LandmarkWeights.Tuple(l, List.of(l), 1));
        assertThrows(InvalidInputException.class, () -> new LandmarkWeights.Tuple(l, List.of(), 0));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.fit(List.of(), LandmarkWeights.FitOptions.defaults()));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.FitOptions.defaults().withLearningRate(-1));
        assertThrows(InvalidInputException.class, () -> LandmarkWeights.hingeLoss(List.of(new LandmarkWeights.Tuple(l, List.of(l), 0)), new double[3], 1));
    }
}
