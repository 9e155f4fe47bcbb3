package dev.asffnet.benchmarks;

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
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hand-written closed-form solves of asffnet-geometry against their EJML fixed-size equivalents
 * ({@code DMatrix2x2}/{@code DMatrix3x3}, {@code CommonOps_DDF2}/{@code CommonOps_DDF3}), site by site, each
 * pair ({@code ...Hand}, {@code ...Ejml}) on the same seeded inputs:
 * <ul>
 *   <li>Eqn 2 per candidate (68-point moment accumulation + 2x2 solve), and the 2x2 step alone;</li>
 *   <li>Eqn 3, the 2x3 affine fit from the moments (solve alone);</li>
 *   <li>Eqn 5 per grid position of the 32x32 MLS field (68 control points + 2x2 solve);</li>
 *   <li>the authors' ASFFNet512 inverse-affine MLS per grid position (2x2 inverse);</li>
 *   <li>the authors' two-group selection score per candidate (two 3x3 normal-equation inverses; also the
 *       former production code, {@code twoGroupScoreFormer});</li>
 *   <li>the inverse of the canonical-crop similarity, per transform.</li>
 * </ul>
 * Sampled time per operation in nanoseconds (JMH reports the distribution; its median is robust to the
 * descheduling of a shared machine); every case is a batch of 1,000 candidates or transforms or of the 32x32
 * grid's positions, and {@code OperationsPerInvocation} makes it report per candidate, transform or position.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SolveBenchmark {
    /** Candidates per Eqn 2/3 invocation. */
    static final int CANDIDATES = 1000;
    /** Grid side of the MLS cases (the network's 32x32 feature grid). */
    static final int GRID = 32;

    /** Seeded inputs shared by all cases. */
    @State(Scope.Benchmark)
    public static class Inputs {
        WlsQuery query;
        double[] flat;
        double[][] moments;
        MlsSolve mls;
        Landmarks degraded;
        Landmarks guidance;
        Landmarks[] candidates;
        SimilarityTransform[] similarities;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            Random r = new Random(2020);
            Landmarks base = BenchData.face(r);
            degraded = BenchData.jitter(r, base, 2);
            guidance = BenchData.jitter(r, base, 3);
            query = new WlsQuery(degraded, LandmarkWeights.uniform().toArray());
            int stride = 2 * Landmarks.COUNT;
            flat = new double[CANDIDATES * stride];
            candidates = new Landmarks[CANDIDATES];
            moments = new double[CANDIDATES][WlsQuery.MOMENTS];
            for (int k = 0; k < CANDIDATES; k++) {
                candidates[k] = BenchData.jitter(r, base, 1 + 4 * r.nextDouble());
                System.arraycopy(candidates[k].toArray(), 0, flat, k * stride, stride);
                query.moments(flat, k * stride, moments[k]);
            }
            mls = new MlsSolve(degraded, guidance, 4);
            similarities = new SimilarityTransform[CANDIDATES];
            for (int k = 0; k < CANDIDATES; k++) {
                similarities[k] = FaceAligner.cropToPhoto(candidates[k].scaled(0.5 + 4 * r.nextDouble()), 128);
            }
        }
    }

    /**
     * Eqn 2 per candidate, hand-written 2x2 step.
     *
     * @param in the inputs
     * @return the sum of the distances
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn2CandidateHand(Inputs in) {
        double[] mom = new double[WlsQuery.MOMENTS];
        double s = 0;
        for (int k = 0, off = 0; k < CANDIDATES; k++, off += 2 * Landmarks.COUNT) {
            in.query.moments(in.flat, off, mom);
            s += in.query.distanceHand(mom);
        }
        return s;
    }

    /**
     * Eqn 2 per candidate, EJML 2x2 step.
     *
     * @param in the inputs
     * @return the sum of the distances
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn2CandidateEjml(Inputs in) {
        double[] mom = new double[WlsQuery.MOMENTS];
        double s = 0;
        for (int k = 0, off = 0; k < CANDIDATES; k++, off += 2 * Landmarks.COUNT) {
            in.query.moments(in.flat, off, mom);
            s += in.query.distanceEjml(mom);
        }
        return s;
    }

    /**
     * Eqn 2, the hand-written 2x2 step alone (moments precomputed).
     *
     * @param in the inputs
     * @return the sum of the distances
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn2SolveHand(Inputs in) {
        double s = 0;
        for (double[] mom : in.moments) {
            s += in.query.distanceHand(mom);
        }
        return s;
    }

    /**
     * Eqn 2, the EJML 2x2 step alone (moments precomputed).
     *
     * @param in the inputs
     * @return the sum of the distances
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn2SolveEjml(Inputs in) {
        double s = 0;
        for (double[] mom : in.moments) {
            s += in.query.distanceEjml(mom);
        }
        return s;
    }

    /**
     * Eqn 3, the hand-written affine fit from precomputed moments.
     *
     * @param in the inputs
     * @return the sum of the fitted parameters
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn3FitHand(Inputs in) {
        double s = 0;
        for (double[] mom : in.moments) {
            double[][] a = in.query.fitHand(mom);
            s += a[0][0] + a[0][1] + a[0][2] + a[1][0] + a[1][1] + a[1][2];
        }
        return s;
    }

    /**
     * Eqn 3, the EJML affine fit from precomputed moments.
     *
     * @param in the inputs
     * @return the sum of the fitted parameters
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double eqn3FitEjml(Inputs in) {
        double s = 0;
        for (double[] mom : in.moments) {
            double[][] a = in.query.fitEjml(mom);
            s += a[0][0] + a[0][1] + a[0][2] + a[1][0] + a[1][1] + a[1][2];
        }
        return s;
    }

    /**
     * Eqn 5 per position of the 32x32 MLS field, hand-written 2x2 solve.
     *
     * @param in the inputs
     * @return the field
     */
    @Benchmark
    @OperationsPerInvocation(GRID * GRID)
    public double[][] eqn5PositionHand(Inputs in) {
        return in.mls.fieldHand(GRID, GRID);
    }

    /**
     * Eqn 5 per position of the 32x32 MLS field, EJML 2x2 solve.
     *
     * @param in the inputs
     * @return the field
     */
    @Benchmark
    @OperationsPerInvocation(GRID * GRID)
    public double[][] eqn5PositionEjml(Inputs in) {
        return in.mls.fieldEjml(GRID, GRID);
    }

    /**
     * ASFFNet512 MLS per position of a 32x32 grid, the former hand-written 2x2 step ({@link AuthorsMlsHand}).
     *
     * @param in the inputs
     * @return the grid
     */
    @Benchmark
    @OperationsPerInvocation(GRID * GRID)
    public double[] authorsMlsPositionHand(Inputs in) {
        return AuthorsMlsHand.pixelGrid(in.degraded, in.guidance, GRID, GRID);
    }

    /**
     * ASFFNet512 MLS per position of a 32x32 grid, production ({@link AuthorsMls#pixelGrid}, EJML 2x2 step).
     *
     * @param in the inputs
     * @return the grid
     */
    @Benchmark
    @OperationsPerInvocation(GRID * GRID)
    public double[] authorsMlsPositionEjml(Inputs in) {
        return AuthorsMls.pixelGrid(in.degraded, in.guidance, GRID, GRID);
    }

    /**
     * Two-group score per candidate, the code that production replaced ({@link TwoGroupFormer}: arrays,
     * uncentred, {@code G^-1 R} recomputed per point).
     *
     * @param in the inputs
     * @return the sum of the scores
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double twoGroupScoreFormer(Inputs in) {
        double s = 0;
        for (Landmarks c : in.candidates) {
            s += TwoGroupFormer.score(in.degraded, c);
        }
        return s;
    }

    /**
     * Two-group score per candidate, production ({@link TwoGroupSelector#score}: centred, hand-written 3x3
     * solve).
     *
     * @param in the inputs
     * @return the sum of the scores
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double twoGroupScoreHand(Inputs in) {
        double s = 0;
        for (Landmarks c : in.candidates) {
            s += TwoGroupSelector.score(in.degraded, c);
        }
        return s;
    }

    /**
     * Two-group score per candidate, production's algorithm with EJML's 3x3 solve ({@link TwoGroupEjml}).
     *
     * @param in the inputs
     * @return the sum of the scores
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double twoGroupScoreEjml(Inputs in) {
        double s = 0;
        for (Landmarks c : in.candidates) {
            s += TwoGroupEjml.score(in.degraded, c);
        }
        return s;
    }

    /**
     * Similarity inverse per transform, production ({@link SimilarityTransform#inverse()}, closed form).
     *
     * @param in the inputs
     * @return the sum of the inverses' parameters
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double similarityInverseHand(Inputs in) {
        double s = 0;
        for (SimilarityTransform t : in.similarities) {
            SimilarityTransform i = t.inverse();
            s += i.a() + i.b() + i.tx() + i.ty();
        }
        return s;
    }

    /**
     * Similarity inverse per transform, EJML 3x3 inverse of the homogeneous matrix.
     *
     * @param in the inputs
     * @return the sum of the inverses' parameters
     */
    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public double similarityInverseEjml(Inputs in) {
        double s = 0;
        for (SimilarityTransform t : in.similarities) {
            SimilarityTransform i = SimilarityEjml.inverse(t);
            s += i.a() + i.b() + i.tx() + i.ty();
        }
        return s;
    }
}
