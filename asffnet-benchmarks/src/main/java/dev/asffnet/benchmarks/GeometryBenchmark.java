package dev.asffnet.benchmarks;

import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import dev.asffnet.geometry.mls.BilinearSampler;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.mls.MlsWarpField;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.ExemplarIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * asffnet-geometry's public operations: guidance selection by Eqn 2 over 10, 1,000 and 100,000 candidates
 * (as a {@code List<Landmarks>} and as a prebuilt {@link ExemplarIndex}; uniform weights), MLS backward warp
 * fields by Eqn 5 (68 control points) at the network's 32x32 feature grid ({@code featureGrid} with
 * {@code toNormalizedGrid()}), 64x64 and 256x256, and the bilinear warp of Eqn 6 on 128x32x32 features.
 * Sampled time per call in microseconds (JMH reports the distribution: its median and minimum are the
 * figures of docs/benchmarks.md); seeded inputs.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeometryBenchmark {

    /** A degraded face and {@code n} candidate guidance faces (Eqn 2). */
    @State(Scope.Benchmark)
    public static class Candidates {
        /** Number of candidates. */
        @Param({"10", "1000", "100000"})
        public int n;

        Landmarks degraded;
        List<Landmarks> list;
        ExemplarIndex index;
        final AffineDistanceSelector selector = new AffineDistanceSelector();

        /** Builds the seeded candidates. */
        @Setup
        public void setUp() {
            Random r = new Random(2020);
            Landmarks base = BenchData.face(r);
            degraded = BenchData.jitter(r, base, 2);
            list = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                list.add(BenchData.jitter(r, base, 1 + 4 * r.nextDouble()));
            }
            index = ExemplarIndex.of(list);
        }
    }

    /** A degraded and a guidance face (128 crop pixels), a 32x32 warp field and 128x32x32 features. */
    @State(Scope.Benchmark)
    public static class Faces {
        Landmarks degraded;
        Landmarks guidance;
        Landmarks degraded256;
        Landmarks guidance256;
        MlsWarpField field;
        float[] features;
        final MlsAligner at64 = MlsAligner.atFeatureScale(2);
        final MlsAligner at256 = new MlsAligner();

        /** Builds the seeded faces and features. */
        @Setup
        public void setUp() {
            Random r = new Random(2020);
            Landmarks base = BenchData.face(r);
            degraded = BenchData.jitter(r, base, 2);
            guidance = BenchData.jitter(r, base, 3);
            degraded256 = degraded.scaled(2);
            guidance256 = guidance.scaled(2);
            field = MlsAligner.featureGrid(degraded, guidance);
            features = new float[128 * 32 * 32];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) r.nextGaussian();
            }
        }
    }

    /**
     * Eqn 2 over a {@code List<Landmarks>}.
     *
     * @param c the candidates
     * @return the selection
     */
    @Benchmark
    public Selection selectList(Candidates c) {
        return c.selector.select(c.degraded, c.list);
    }

    /**
     * Eqn 2 over a prebuilt {@link ExemplarIndex}.
     *
     * @param c the candidates
     * @return the selection
     */
    @Benchmark
    public Selection selectIndex(Candidates c) {
        return c.selector.select(c.degraded, c.index);
    }

    /**
     * Eqn 5: the network's 32x32 feature-grid warp from 128 crops, as the normalised grid.
     *
     * @param f the faces
     * @return the normalised grid
     */
    @Benchmark
    public float[] mlsFeatureGrid32(Faces f) {
        return MlsAligner.featureGrid(f.degraded, f.guidance).toNormalizedGrid();
    }

    /**
     * Eqn 5: a 64x64 warp field.
     *
     * @param f the faces
     * @return the field
     */
    @Benchmark
    public MlsWarpField mlsField64(Faces f) {
        return f.at64.align(f.degraded, f.guidance, 64, 64);
    }

    /**
     * Eqn 5: a 256x256 warp field (landmarks of a 256 crop).
     *
     * @param f the faces
     * @return the field
     */
    @Benchmark
    public MlsWarpField mlsField256(Faces f) {
        return f.at256.align(f.degraded256, f.guidance256, 256, 256);
    }

    /**
     * Eqn 6: bilinear backward warp of 128x32x32 features by the 32x32 field.
     *
     * @param f the faces and features
     * @return the warped features
     */
    @Benchmark
    public float[] bilinearWarp128x32x32(Faces f) {
        return BilinearSampler.sample(f.features, 128, 32, 32, f.field);
    }
}
