package dev.asffnet.geometry.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AffineDistanceTest {
    static LongStream seeds() {
        return TestData.seeds(300);
    }

    /** Weighted spread of the degraded set: the scale against which a distance of "zero" is judged. */
    private static double spread(Landmarks d, double[] w) {
        double sw = 0, sx = 0, sy = 0;
        for (int m = 0; m < 68; m++) {
            sw += w[m];
            sx += w[m] * d.x(m);
            sy += w[m] * d.y(m);
        }
        double s = 0;
        for (int m = 0; m < 68; m++) {
            double ex = d.x(m) - sx / sw, ey = d.y(m) - sy / sw;
            s += w[m] * (ex * ex + ey * ey);
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void exactAffineImageHasZeroDistanceAndIsRecovered(long seed) {
        Random r = new Random(seed);
        Landmarks g = TestData.randomLandmarks(r, 0, 256);
        double[] t = TestData.randomAffine(r, 100);
        Landmarks d = TestData.affine(g, t);
        double[] w = seed % 2 == 0 ? LandmarkWeights.uniform().toArray() : TestData.randomWeights(r);
        double d2 = AffineDistance.squared(d, g, w);
        assertTrue(d2 >= 0 && d2 <= 1e-10 * spread(d, w), "seed " + seed + ": d2=" + d2);
        double[][] a = AffineDistance.fit(d, g, w);
        double[] flat = {a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2]};
        for (int k = 0; k < 6; k++) {
            assertEquals(t[k], flat[k], 1e-8 * (1 + Math.abs(t[k])), "seed " + seed + ": A entry " + k);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void invariantUnderInvertibleAffineChangeOfGuidance(long seed) {
        Random r = new Random(seed);
        Landmarks g = TestData.randomLandmarks(r, 20, 230);
        Landmarks d = TestData.randomLandmarks(r, 20, 230);
        double[] w = TestData.randomWeights(r);
        double base = AffineDistance.squared(d, g, w);
        Landmarks g2 = TestData.affine(g, TestData.randomAffine(r, 500));
        double moved = AffineDistance.squared(d, g2, w);
        assertTrue(TestData.relErr(moved, base) < 1e-9, "seed " + seed + ": " + moved + " vs " + base);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void scalingWeightsScalesDistance(long seed) {
        Random r = new Random(seed);
        Landmarks g = TestData.randomLandmarks(r, 0, 128);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        double[] w = TestData.randomWeights(r);
        double c = Math.exp(10 * (r.nextDouble() - 0.5));
        double[] wc = Arrays.stream(w).map(v -> v * c).toArray();
        double d1 = AffineDistance.squared(d, g, w);
        double dc = AffineDistance.squared(d, g, wc);
        assertTrue(TestData.relErr(dc, c * d1) < 1e-10, "seed " + seed + ": c=" + c + " " + dc + " vs " + c * d1);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void distanceIsTheWeightedResidualOfTheFitAndTheFitIsOptimal(long seed) {
        Random r = new Random(seed);
        Landmarks g = TestData.randomLandmarks(r, 0, 3000);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        double[] w = TestData.randomWeights(r);
        double d2 = AffineDistance.squared(d, g, w);
        double[] r2 = AffineDistance.residualsSquared(d, g, w);
        double direct = 0;
        for (int m = 0; m < 68; m++) {
            direct += w[m] * r2[m];
        }
        assertTrue(TestData.relErr(d2, direct) < 1e-9, "seed " + seed + ": " + d2 + " vs " + direct);
        // perturbing A can only increase the weighted residual
        double[][] a = AffineDistance.fit(d, g, w);
        int i = r.nextInt(2), j = r.nextInt(3);
        a[i][j] += (j == 2 ? 1e-2 : 1e-5) * (r.nextBoolean() ? 1 : -1);
        double perturbed = 0;
        for (int m = 0; m < 68; m++) {
            double ex = a[0][0] * g.x(m) + a[0][1] * g.y(m) + a[0][2] - d.x(m);
            double ey = a[1][0] * g.x(m) + a[1][1] * g.y(m) + a[1][2] - d.y(m);
            perturbed += w[m] * (ex * ex + ey * ey);
        }
        assertTrue(perturbed >= d2 * (1 - 1e-12), "seed " + seed);
    }

    private static Landmarks collinear(Random r, double noise) {
        double[] xy = new double[136];
        for (int m = 0; m < 68; m++) {
            double t = 1000 * r.nextDouble();
            xy[2 * m] = 3 + 0.8 * t + noise * r.nextGaussian();
            xy[2 * m + 1] = 7 - 0.6 * t;
        }
        return Landmarks.of(xy);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void collinearOrCoincidentGuidanceIsDegenerate(long seed) {
        Random r = new Random(seed);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        double[] w = TestData.randomWeights(r);
        // exactly and nearly (relative 1e-13) collinear
        Landmarks line = collinear(r, seed % 2 == 0 ? 0 : 1e-10);
        var e = assertThrows(DegenerateLandmarksException.class, () -> AffineDistance.squared(d, line, w), "seed " + seed);
        assertTrue(e.getMessage().contains("collinear"), e.getMessage());
        double[] same = new double[136];
        double px = 1e4 * r.nextDouble(), py = 1e4 * r.nextDouble();
        for (int m = 0; m < 68; m++) {
            same[2 * m] = px;
            same[2 * m + 1] = py;
        }
        var e2 = assertThrows(DegenerateLandmarksException.class,
                () -> AffineDistance.fit(d, Landmarks.of(same), w), "seed " + seed);
        assertTrue(e2.getMessage().contains("coincident"), e2.getMessage());
    }

    @Test
    void onlyTwoWeightedPointsIsDegenerate() {
        Random r = new Random(1);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        Landmarks g = TestData.randomLandmarks(r, 0, 128);
        double[] w = new double[68];
        w[3] = 1;
        w[40] = 2;
        assertThrows(DegenerateLandmarksException.class, () -> AffineDistance.squared(d, g, w));
        w[50] = 0.5; // three non-collinear points: an exact fit
        assertTrue(AffineDistance.squared(d, g, w) < 1e-9);
    }

    @Test
    void badWeightsAreInvalidInput() {
        Random r = new Random(2);
        Landmarks d = TestData.randomLandmarks(r, 0, 128);
        Landmarks g = TestData.randomLandmarks(r, 0, 128);
        assertThrows(InvalidInputException.class, () -> AffineDistance.squared(d, g, new double[67]));
        assertThrows(InvalidInputException.class, () -> AffineDistance.squared(d, g, new double[69]));
        assertThrows(InvalidInputException.class, () -> AffineDistance.squared(d, g, null));
        assertThrows(InvalidInputException.class, () -> AffineDistance.squared(d, g, new double[68]));
        for (double bad : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] w = LandmarkWeights.uniform().toArray();
            w[17] = bad;
            var e = assertThrows(InvalidInputException.class, () -> AffineDistance.fit(d, g, w), "weight " + bad);
            assertTrue(e.getMessage().contains("weight 17"), e.getMessage());
        }
    }

    @Test
    void badLandmarksAreInvalidLandmarks() {
        Landmarks d = TestData.randomLandmarks(new Random(3), 0, 128);
        assertThrows(InvalidLandmarksException.class, () -> AffineDistance.squared(d, null));
        assertThrows(InvalidLandmarksException.class, () -> AffineDistance.squared(null, d));
        double[] nan = d.toArray();
        nan[5] = Double.NaN;
        assertThrows(InvalidLandmarksException.class, () -> Landmarks.of(nan));
        assertThrows(InvalidLandmarksException.class, () -> Landmarks.of(new double[134]));
    }

    @Test
    void hugeCoordinatesNeverGiveNaN() {
        Random r = new Random(4);
        Landmarks g = TestData.randomLandmarks(r, 0, 1).scaled(1e300);
        Landmarks d = TestData.randomLandmarks(r, 0, 1).scaled(1e300);
        try {
            double v = AffineDistance.squared(d, g);
            assertTrue(Double.isFinite(v) && v >= 0, "got " + v);
        } catch (InvalidInputException expected) {
            assertTrue(expected.getMessage().contains("too large"), expected.getMessage());
        }
    }
}
