package dev.asffnet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.benchmarks.solve.AuthorsMlsHand;
import dev.asffnet.benchmarks.solve.MlsSolve;
import dev.asffnet.benchmarks.solve.SimilarityEjml;
import dev.asffnet.benchmarks.solve.TwoGroupEjml;
import dev.asffnet.benchmarks.solve.TwoGroupFormer;
import dev.asffnet.benchmarks.solve.WlsQuery;
import dev.asffnet.geometry.asffnet512.AuthorsMls;
import dev.asffnet.geometry.asffnet512.TwoGroupSelector;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.crop.SimilarityTransform;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.mls.MlsWarpField;
import dev.asffnet.geometry.selection.AffineDistance;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarked variants compute what asffnet-geometry computes: copies of production kernels bit for bit,
 * the alternative (EJML or hand-written) ones to 1e-11 of the quantities' scale (seeded faces, printed in
 * every message).
 */
class EjmlEquivalenceTest {
    private static final double TOL = 1e-11;

    private static double[] weights(Random r) {
        double[] w = new double[Landmarks.COUNT];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.1 + 3 * r.nextDouble();
        }
        return w;
    }

    /** {@code sum_m w_m |L^d_m - centroid|^2}: the scale of the terms that Eqn 2 subtracts. */
    private static double scatter(Landmarks d, double[] w) {
        double sw = 0, sx = 0, sy = 0;
        for (int m = 0; m < Landmarks.COUNT; m++) {
            sw += w[m];
            sx += w[m] * d.x(m);
            sy += w[m] * d.y(m);
        }
        double s = 0;
        for (int m = 0; m < Landmarks.COUNT; m++) {
            double ex = d.x(m) - sx / sw;
            double ey = d.y(m) - sy / sw;
            s += w[m] * (ex * ex + ey * ey);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void eqn2And3MatchTheProductionClosedForm(long seed) {
        Random r = new Random(seed);
        Landmarks base = BenchData.face(r);
        Landmarks d = BenchData.jitter(r, base, 2);
        double[] w = weights(r);
        WlsQuery q = new WlsQuery(d, w);
        double s = scatter(d, w);
        for (int k = 0; k < 20; k++) {
            Landmarks g = BenchData.jitter(r, base, 1 + 10 * r.nextDouble()).scaled(0.5 + 4 * r.nextDouble());
            double[] mom = new double[WlsQuery.MOMENTS];
            q.moments(g.toArray(), 0, mom);
            double prod = AffineDistance.squared(d, g, w);
            assertEquals(prod, q.distanceHand(mom), 0.0, "seed " + seed + " candidate " + k + ": hand copy");
            assertEquals(prod, q.distanceEjml(mom), TOL * s, "seed " + seed + " candidate " + k + ": EJML");
            double[][] fit = AffineDistance.fit(d, g, w);
            double[][] hand = q.fitHand(mom);
            double[][] ejml = q.fitEjml(mom);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(fit[i], hand[i], 0.0, "seed " + seed + " candidate " + k + ": hand fit");
                for (int j = 0; j < 3; j++) {
                    // translations at the coordinate scale (~100 px), linear terms at 1
                    assertEquals(fit[i][j], ejml[i][j], TOL * (j == 2 ? 100 : 1),
                            "seed " + seed + " candidate " + k + ": EJML fit [" + i + "][" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void eqn2And3RefuseCollinearGuidanceInBothVariants(long seed) {
        Random r = new Random(seed);
        Landmarks d = BenchData.face(r);
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int m = 0; m < Landmarks.COUNT; m++) {
            double t = 100 * r.nextDouble();
            xy[2 * m] = 10 + t;
            xy[2 * m + 1] = 20 + 0.5 * t;
        }
        WlsQuery q = new WlsQuery(d, weights(r));
        double[] mom = new double[WlsQuery.MOMENTS];
        q.moments(xy, 0, mom);
        assertThrows(DegenerateLandmarksException.class, () -> q.distanceHand(mom), "seed " + seed);
        assertThrows(DegenerateLandmarksException.class, () -> q.distanceEjml(mom), "seed " + seed);
        assertThrows(DegenerateLandmarksException.class, () -> q.fitEjml(mom), "seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24})
    void eqn5FieldMatchesMlsAligner(long seed) {
        Random r = new Random(seed);
        Landmarks base = BenchData.face(r);
        Landmarks d = BenchData.jitter(r, base, 2);
        Landmarks g = BenchData.jitter(r, base, 3);
        MlsWarpField prod = MlsAligner.featureGrid(d, g);
        MlsSolve mls = new MlsSolve(d, g, MlsAligner.FEATURE_FACTOR);
        double[][] hand = mls.fieldHand(32, 32);
        double[][] ejml = mls.fieldEjml(32, 32);
        assertArrayEquals(prod.sourceXs(), ejml[0], 0.0, "seed " + seed + ": EJML copy x");
        assertArrayEquals(prod.sourceYs(), ejml[1], 0.0, "seed " + seed + ": EJML copy y");
        assertArrayEquals(prod.sourceXs(), hand[0], TOL * 32, "seed " + seed + ": hand x");
        assertArrayEquals(prod.sourceYs(), hand[1], TOL * 32, "seed " + seed + ": hand y");
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34})
    void authorsMlsGridOfTheFormerHandWrittenStepMatchesProduction(long seed) {
        Random r = new Random(seed);
        Landmarks base = BenchData.face(r);
        Landmarks d = BenchData.jitter(r, base, 2);
        Landmarks g = BenchData.jitter(r, base, 3);
        assertArrayEquals(AuthorsMls.pixelGrid(d, g, 32, 32), AuthorsMlsHand.pixelGrid(d, g, 32, 32), TOL * 32,
                "seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44})
    void twoGroupScoreEjmlAndFormerMatchProduction(long seed) {
        Random r = new Random(seed);
        Landmarks base = BenchData.face(r);
        Landmarks d = BenchData.jitter(r, base, 2);
        for (int k = 0; k < 20; k++) {
            Landmarks c = BenchData.jitter(r, base, 1 + 10 * r.nextDouble());
            double prod = TwoGroupSelector.score(d, c);
            assertEquals(prod, TwoGroupEjml.score(d, c), TOL * prod, "seed " + seed + " candidate " + k + ": EJML");
            assertEquals(prod, TwoGroupFormer.score(d, c), TOL * prod, "seed " + seed + " candidate " + k + ": former");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53, 54})
    void similarityInverseMatchesProduction(long seed) {
        Random r = new Random(seed);
        Landmarks l = BenchData.face(r).scaled(0.2 + 10 * r.nextDouble());
        SimilarityTransform s = FaceAligner.cropToPhoto(l, 128);
        SimilarityTransform prod = s.inverse();
        SimilarityTransform ejml = SimilarityEjml.inverse(s);
        double scale = prod.scale();
        assertEquals(prod.a(), ejml.a(), TOL * scale, "seed " + seed + " a");
        assertEquals(prod.b(), ejml.b(), TOL * scale, "seed " + seed + " b");
        double t = Math.max(Math.abs(prod.tx()), Math.abs(prod.ty()));
        assertEquals(prod.tx(), ejml.tx(), TOL * t, "seed " + seed + " tx");
        assertEquals(prod.ty(), ejml.ty(), TOL * t, "seed " + seed + " ty");
    }
}
