package dev.asffnet.geometry.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import dev.asffnet.geometry.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AffineDistanceSelectorTest {
    static LongStream seeds() {
        return TestData.seeds(200);
    }

    private static List<Landmarks> noisyCopies(Random r, Landmarks base, int n) {
        List<Landmarks> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] xy = base.toArray();
            double s = 0.5 + 5 * r.nextDouble();
            for (int i = 0; i < xy.length; i++) {
                xy[i] += s * r.nextGaussian();
            }
            out.add(TestData.affine(Landmarks.of(xy), TestData.randomAffine(r, 50)));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void selectsTheArgminOfEqn2(long seed) {
        Random r = new Random(seed);
        Landmarks base = TestData.randomLandmarks(r, 30, 220);
        List<Landmarks> cands = noisyCopies(r, base, 1 + r.nextInt(12));
        Landmarks d = TestData.affine(base, TestData.randomAffine(r, 20));
        LandmarkWeights lw = seed % 2 == 0 ? LandmarkWeights.uniform() : LandmarkWeights.of(TestData.randomWeights(r));
        AffineDistanceSelector sel = new AffineDistanceSelector(lw);
        Selection s = sel.select(d, cands);
        double[] d2 = s.squaredDistances();
        assertEquals(cands.size(), d2.length);
        int best = 0;
        for (int k = 0; k < cands.size(); k++) {
            double direct = AffineDistance.squared(d, cands.get(k), lw.toArray());
            assertTrue(TestData.relErr(d2[k], direct) < 1e-12, "seed " + seed + " k " + k);
            if (direct < AffineDistance.squared(d, cands.get(best), lw.toArray())) {
                best = k;
            }
        }
        assertEquals(best, s.index(), "seed " + seed);
        Selection viaIndex = sel.select(d, ExemplarIndex.of(cands));
        assertEquals(s.index(), viaIndex.index(), "seed " + seed);
        assertArrayEquals(d2, viaIndex.squaredDistances(), "seed " + seed);
    }

    @Test
    void parallelChunksGiveTheSameAnswerAsOneByOne() {
        Random r = new Random(7);
        Landmarks base = TestData.randomLandmarks(r, 30, 220);
        List<Landmarks> cands = noisyCopies(r, base, 9000);
        Landmarks exact = TestData.affine(base, TestData.randomAffine(r, 20));
        cands.set(6789, exact);
        Selection s = new AffineDistanceSelector().select(TestData.affine(base, TestData.randomAffine(r, 10)), cands);
        assertEquals(6789, s.index());
        double[] d2 = s.squaredDistances();
        Landmarks d = TestData.affine(base, TestData.randomAffine(new Random(8), 10));
        double[] again = new AffineDistanceSelector().select(d, ExemplarIndex.of(cands)).squaredDistances();
        for (int k = 0; k < cands.size(); k += 97) {
            assertEquals(AffineDistance.squared(d, cands.get(k)), again[k], 1e-9 * again[k] + 1e-12, "k " + k);
        }
        assertEquals(9000, d2.length);
    }

    @Test
    void tiesGoToTheLowestIndex() {
        Random r = new Random(9);
        Landmarks g = TestData.randomLandmarks(r, 0, 100);
        Landmarks d = TestData.randomLandmarks(r, 0, 100);
        Landmarks other = TestData.randomLandmarks(r, 0, 100);
        assertEquals(1, new AffineDistanceSelector().select(d, List.of(other, g, g)).index());
    }

    @Test
    void emptyOrNullCandidatesAreInvalidInput() {
        Landmarks d = TestData.randomLandmarks(new Random(1), 0, 100);
        AffineDistanceSelector sel = new AffineDistanceSelector();
        assertThrows(InvalidInputException.class, () -> sel.select(d, List.of()));
        assertThrows(InvalidInputException.class, () -> sel.select(d, (List<Landmarks>) null));
        assertThrows(InvalidInputException.class, () -> sel.select(d, (ExemplarIndex) null));
        assertThrows(InvalidInputException.class, () -> ExemplarIndex.of(List.of()));
        assertThrows(InvalidLandmarksException.class, () -> sel.select(null, List.of(d)));
        assertThrows(InvalidLandmarksException.class, () -> sel.select(d, Arrays.asList(d, null)));
        assertThrows(InvalidInputException.class, () -> new AffineDistanceSelector(null));
        assertThrows(InvalidInputException.class, () -> ExemplarIndex.ofFlat(new double[135], 1));
        double[] nan = new double[136];
        nan[100] = Double.NaN;
        assertThrows(InvalidLandmarksException.class, () -> ExemplarIndex.ofFlat(nan, 1));
    }

    @Test
    void degenerateCandidateIsNamed() {
        Random r = new Random(3);
        Landmarks d = TestData.randomLandmarks(r, 0, 100);
        double[] line = new double[136];
        for (int m = 0; m < 68; m++) {
            line[2 * m] = m;
            line[2 * m + 1] = 2 * m + 1;
        }
        List<Landmarks> cands = List.of(TestData.randomLandmarks(r, 0, 100), Landmarks.of(line));
        var e = assertThrows(DegenerateLandmarksException.class, () -> new AffineDistanceSelector().select(d, cands));
        assertTrue(e.getMessage().contains("candidate 1"), e.getMessage());
    }

    @Test
    void exemplarIndexRoundTrips() {
        Random r = new Random(5);
        List<Landmarks> c = List.of(TestData.randomLandmarks(r, 0, 9), TestData.randomLandmarks(r, 0, 9));
        ExemplarIndex idx = ExemplarIndex.of(c);
        assertEquals(2, idx.size());
        assertEquals(c.get(1), idx.landmarks(1));
        double[] flat = new double[272];
        System.arraycopy(c.get(0).toArray(), 0, flat, 0, 136);
        System.arraycopy(c.get(1).toArray(), 0, flat, 136, 136);
        assertEquals(c.get(0), ExemplarIndex.ofFlat(flat, 2).landmarks(0));
        assertThrows(InvalidInputException.class, () -> idx.landmarks(2));
    }
}
