package dev.asffnet.geometry.mls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MlsAlignerTest {
    static LongStream seeds() {
        return TestData.seeds(200);
    }

    /** 68 distinct random integer positions inside a size x size grid. */
    private static Landmarks integerLandmarks(Random r, int size) {
        Set<Integer> used = new HashSet<>();
        double[] xy = new double[136];
        for (int m = 0; m < 68; m++) {
            int x, y;
            do {
                x = r.nextInt(size);
                y = r.nextInt(size);
            } while (!used.add(y * size + x));
            xy[2 * m] = x;
            xy[2 * m + 1] = y;
        }
        return Landmarks.of(xy);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mapsEachDegradedLandmarkToItsGuidanceLandmark(long seed) {
        Random r = new Random(seed);
        int size = 24 + r.nextInt(40);
        Landmarks d = integerLandmarks(r, size);
        Landmarks g = TestData.randomLandmarks(r, 0, size);
        MlsWarpField f = new MlsAligner().align(d, g, size, size);
        for (int m = 0; m < 68; m++) {
            int x = (int) d.x(m), y = (int) d.y(m);
            assertEquals(g.x(m), f.sourceX(x, y), 0.0, "seed " + seed + " landmark " + m);
            assertEquals(g.y(m), f.sourceY(x, y), 0.0, "seed " + seed + " landmark " + m);
        }
        // and at arbitrary (non-grid) landmark positions, through map()
        Landmarks d2 = TestData.randomLandmarks(r, 0, size);
        MlsAligner mls = new MlsAligner();
        for (int m = 0; m < 68; m += 7) {
            assertArrayEquals(new double[] {g.x(m), g.y(m)}, mls.map(d2, g, d2.x(m), d2.y(m)), 0.0, "seed " + seed);
        }
        // continuity: a position 1e-4 away maps close to the guidance landmark
        double[] near = mls.map(d2, g, d2.x(5) + 1e-4, d2.y(5));
        assertEquals(g.x(5), near[0], 0.05 * size, "seed " + seed);
        assertEquals(g.y(5), near[1], 0.05 * size, "seed " + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void reproducesAGlobalAffineMapEverywhere(long seed) {
        Random r = new Random(seed);
        int w = 10 + r.nextInt(40), h = 10 + r.nextInt(40);
        Landmarks d = TestData.randomLandmarks(r, -5, Math.max(w, h) + 5);
        if (seed % 3 == 0) {
            d = integerLandmarks(r, Math.min(w, h)); // include exact control-point hits
        }
        double[] t = TestData.randomAffine(r, 30);
        Landmarks g = TestData.affine(d, t);
        MlsAligner mls = seed % 2 == 0 ? new MlsAligner() : new MlsAligner(MlsAligner.authorsSubset());
        MlsWarpField f = mls.align(d, g, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(t[0] * x + t[1] * y + t[2], f.sourceX(x, y), 1e-7 * (50 + Math.abs(t[2])), "seed " + seed + " at " + x + "," + y);
                assertEquals(t[3] * x + t[4] * y + t[5], f.sourceY(x, y), 1e-7 * (50 + Math.abs(t[5])), "seed " + seed + " at " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void gridAgreesWithPointwiseMapAndIsTranslationEquivariant(long seed) {
        Random r = new Random(seed);
        Landmarks d = TestData.randomLandmarks(r, 0, 32);
        Landmarks g = TestData.randomLandmarks(r, 0, 32);
        MlsAligner mls = new MlsAligner();
        MlsWarpField f = mls.align(d, g, 32, 32);
        for (int k = 0; k < 20; k++) {
            int x = r.nextInt(32), y = r.nextInt(32);
            double[] p = mls.map(d, g, x, y);
            assertEquals(p[0], f.sourceX(x, y), 1e-9, "seed " + seed);
            assertEquals(p[1], f.sourceY(x, y), 1e-9, "seed " + seed);
        }
        // shifting both landmark sets by an integer offset shifts positions and sources alike
        MlsWarpField shifted = mls.align(d.transformed(1, 0, 3, 0, 1, -2), g.transformed(1, 0, 3, 0, 1, -2), 40, 40);
        for (int k = 0; k < 20; k++) {
            int x = r.nextInt(32), y = r.nextInt(30) + 2;
            assertEquals(f.sourceX(x, y) + 3, shifted.sourceX(x + 3, y - 2), 1e-8, "seed " + seed);
            assertEquals(f.sourceY(x, y) - 2, shifted.sourceY(x + 3, y - 2), 1e-8, "seed " + seed);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void featureGridFollowsTheConventions(long seed) {
        Random r = new Random(seed);
        Landmarks d = TestData.randomLandmarks(r, 10, 118);
        // identical landmarks: the identity grid g = 2 x / 31 - 1
        float[] id = MlsAligner.featureGrid(d, d).toNormalizedGrid();
        assertEquals(32 * 32 * 2, id.length);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(2.0 * x / 31 - 1, id[(y * 32 + x) * 2], 1e-6, "seed " + seed);
                assertEquals(2.0 * y / 31 - 1, id[(y * 32 + x) * 2 + 1], 1e-6, "seed " + seed);
            }
        }
        // a guidance translated by 4 image pixels moves by 1 feature pixel = 2/31 normalised
        float[] moved = MlsAligner.featureGrid(d, d.transformed(1, 0, 4, 0, 1, 0)).toNormalizedGrid();
        for (int i = 0; i < moved.length; i += 2) {
            assertEquals(id[i] + 2.0 / 31, moved[i], 1e-5, "seed " + seed);
            assertEquals(id[i + 1], moved[i + 1], 1e-5, "seed " + seed);
        }
        // landmark mapping xf = (x + 0.5) / 4 - 0.5: the feature grid equals the own-scale MLS on mapped points
        Landmarks g = TestData.randomLandmarks(r, 10, 118);
        MlsWarpField f = MlsAligner.featureGrid(d, g);
        MlsWarpField manual = new MlsAligner().align(d.transformed(0.25, 0, -0.375, 0, 0.25, -0.375),
                g.transformed(0.25, 0, -0.375, 0, 0.25, -0.375), 32, 32);
        assertArrayEquals(manual.sourceXs(), f.sourceXs(), 1e-9, "seed " + seed);
        assertArrayEquals(manual.sourceYs(), f.sourceYs(), 1e-9, "seed " + seed);
    }

    @Test
    void degenerateAndBadInputs() {
        double[] line = new double[136];
        for (int m = 0; m < 68; m++) {
            line[2 * m] = 0.3 * m;
            line[2 * m + 1] = 0.5 * m + 1;
        }
        Landmarks collinear = Landmarks.of(line);
        Landmarks ok = TestData.randomLandmarks(new Random(1), 0, 32);
        var e = assertThrows(DegenerateLandmarksException.class, () -> new MlsAligner().align(collinear, ok, 16, 16));
        assertTrue(e.getMessage().contains("collinear"), e.getMessage());
        assertThrows(DegenerateLandmarksException.class, () -> new MlsAligner().map(collinear, ok, 3.5, 2.5));
        // the guidance may be collinear: MLS maps onto a line, which is fine
        new MlsAligner().align(ok, collinear, 8, 8);
        assertThrows(InvalidInputException.class, () -> new MlsAligner().align(ok, ok, 0, 5));
        assertThrows(InvalidInputException.class, () -> new MlsAligner(new int[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> new MlsAligner(new int[] {1, 2, 68}));
        assertThrows(InvalidInputException.class, () -> new MlsAligner(new int[] {1, 2, 2}));
        assertThrows(InvalidInputException.class, () -> MlsAligner.atFeatureScale(0));
        assertThrows(InvalidInputException.class, () -> MlsAligner.featureGrid(ok, ok, 130));
        assertThrows(InvalidInputException.class, () -> new MlsAligner().map(ok, ok, Double.NaN, 1));
        assertThrows(InvalidLandmarksException.class, () -> new MlsAligner().align(null, ok, 4, 4));
        // a subset ignores landmarks outside it, even collinear ones
        double[] mixed = ok.toArray();
        for (int m = 0; m < 17; m++) {
            mixed[2 * m] = 5;
            mixed[2 * m + 1] = 5;
        }
        MlsAligner sub = new MlsAligner(MlsAligner.authorsSubset());
        assertEquals(51, sub.indices().length);
        sub.align(Landmarks.of(mixed), ok, 8, 8);
    }

    @Test
    void warpFieldAccessAndFactory() {
        MlsWarpField f = MlsWarpField.of(3, 2, new double[] {0, 1, 2, 0, 1, 2}, new double[] {0, 0, 0, 1, 1, 1});
        assertEquals(2.0, f.sourceX(2, 1));
        assertEquals(1.0, f.sourceY(2, 1));
        assertArrayEquals(new float[] {-1, -1, 0, -1, 1, -1, -1, 1, 0, 1, 1, 1}, f.toNormalizedGrid());
        assertThrows(InvalidInputException.class, () -> f.sourceX(3, 0));
        assertThrows(InvalidInputException.class, () -> MlsWarpField.of(2, 2, new double[3], new double[4]));
        assertThrows(InvalidInputException.class, () -> MlsWarpField.of(1, 1, new double[] {Double.NaN}, new double[1]));
    }
}
