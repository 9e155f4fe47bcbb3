package dev.asffnet.benchmarks;

import dev.asffnet.api.Landmarks;
import java.util.Random;

/** Seeded, face-like landmark sets for the benchmarks (the inputs of Eqns 2, 3 and 5). */
public final class BenchData {
    private BenchData() {
    }

    /**
     * 68 landmarks spread over the face area of a 128 crop (uniform in [24, 104)).
     *
     * @param r the random source
     * @return the landmarks
     */
    public static Landmarks face(Random r) {
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 24 + 80 * r.nextDouble();
        }
        return Landmarks.of(xy);
    }

    /**
     * {@code l} with Gaussian noise of standard deviation {@code sigma} pixels on every coordinate.
     *
     * @param r the random source
     * @param l the landmarks
     * @param sigma the noise in pixels
     * @return the jittered landmarks
     */
    public static Landmarks jitter(Random r, Landmarks l, double sigma) {
        double[] xy = l.toArray();
        for (int i = 0; i < xy.length; i++) {
            xy[i] += sigma * r.nextGaussian();
        }
        return Landmarks.of(xy);
    }
}
