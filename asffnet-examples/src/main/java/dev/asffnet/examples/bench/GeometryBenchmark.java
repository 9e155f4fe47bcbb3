package dev.asffnet.examples.bench;

import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.mls.BilinearSampler;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.mls.MlsWarpField;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.ExemplarIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Timing harness for asffnet-geometry: guidance selection (Eqn 2) over 10, 1,000 and 100,000 candidates
 * (list and prebuilt {@link ExemplarIndex}), MLS warp fields (Eqn 5) at 32x32 (the network's feature grid),
 * 64x64 and 256x256, and the bilinear warp (Eqn 6) of 128x32x32 features. Plain main(): warm-up rounds,
 * then repeated timing; prints median and minimum milliseconds. Optional argument: a repetition factor.
 */
public final class GeometryBenchmark {
    private GeometryBenchmark() {
    }

    private interface Body {
        Object run();
    }

    private static volatile Object sink;

    public static void main(String[] args) {
        double factor = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        Random r = new Random(2020);
        Landmarks base = randomFace(r);
        Landmarks degraded = jitter(r, base, 2);
        System.out.printf(Locale.ROOT, "asffnet-geometry benchmark, %d available processors, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %6s%n", "case", "median ms", "min ms", "reps");

        AffineDistanceSelector selector = new AffineDistanceSelector();
        for (int n : new int[] {10, 1_000, 100_000}) {
            List<Landmarks> cands = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                cands.add(jitter(r, base, 1 + 4 * r.nextDouble()));
            }
            ExemplarIndex index = ExemplarIndex.of(cands);
            int reps = reps(n >= 100_000 ? 30 : n >= 1000 ? 300 : 3000, factor);
            time("select, List<Landmarks>, " + n + " candidates", reps, () -> selector.select(degraded, cands));
            time("select, ExemplarIndex, " + n + " candidates", reps, () -> selector.select(degraded, index));
        }

        Landmarks guidance = jitter(r, base, 3);
        time("MLS feature grid 32x32 (featureGrid, 128 crop)", reps(2000, factor), () -> MlsAligner.featureGrid(degraded, guidance).toNormalizedGrid());
        MlsAligner at64 = MlsAligner.atFeatureScale(2);
        time("MLS warp field 64x64 (68 control points)", reps(1000, factor), () -> at64.align(degraded, guidance, 64, 64));
        MlsAligner at256 = new MlsAligner();
        Landmarks d256 = degraded.scaled(2);
        Landmarks g256 = guidance.scaled(2);
        time("MLS warp field 256x256 (68 control points)", reps(60, factor), () -> at256.align(d256, g256, 256, 256));

        MlsWarpField field = MlsAligner.featureGrid(degraded, guidance);
        float[] features = new float[128 * 32 * 32];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextGaussian();
        }
        time("bilinear warp 128x32x32 features", reps(2000, factor), () -> BilinearSampler.sample(features, 128, 32, 32, field));
    }

    private static int reps(int n, double factor) {
        return Math.max(5, (int) Math.round(n * factor));
    }

    private static void time(String name, int reps, Body body) {
        int warm = Math.max(5, reps / 2);
        for (int i = 0; i < warm; i++) {
            sink = body.run();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            sink = body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-44s %10.4f %10.4f %6d%n", name, ms[reps / 2], ms[0], reps);
    }

    /** Face-like 68 landmarks in a 128 crop (random but spread over the face area). */
    private static Landmarks randomFace(Random r) {
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 24 + 80 * r.nextDouble();
        }
        return Landmarks.of(xy);
    }

    private static Landmarks jitter(Random r, Landmarks l, double sigma) {
        double[] xy = l.toArray();
        for (int i = 0; i < xy.length; i++) {
            xy[i] += sigma * r.nextGaussian();
        }
        return Landmarks.of(xy);
    }
}
