package dev.asffnet.geometry.selection;

import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Guidance selection by Eqn 2: {@code k* = argmin_k D_a^2(L^d, L^g_k)} with the landmark weights w (uniform
 * by default, learned ones via {@link #AffineDistanceSelector(LandmarkWeights)}). The per-degraded terms
 * are computed once; each candidate costs a 3x3 weighted moment accumulation and a closed-form solve, in
 * parallel chunks for large lists. Ties go to the lowest index. Immutable and thread-safe.
 */
public final class AffineDistanceSelector implements GuidanceSelector {
    private static final int CHUNK = 2048;
    private static final int STRIDE = 2 * Landmarks.COUNT;

    private final LandmarkWeights weights;

    /** Uniform weights. */
    public AffineDistanceSelector() {
        this(LandmarkWeights.uniform());
    }

    /**
     * The given landmark weights.
     *
     * @param weights the landmark weights w_m of Eqn 2
     * @throws InvalidInputException if {@code weights} is null
     */
    public AffineDistanceSelector(LandmarkWeights weights) {
        if (weights == null) {
            throw new InvalidInputException("landmark weights are null; use LandmarkWeights.uniform()");
        }
        this.weights = weights;
    }

    /**
     * The landmark weights of this selector.
     *
     * @return the weights
     */
    public LandmarkWeights weights() {
        return weights;
    }

    @Override
    public Selection select(Landmarks degraded, List<Landmarks> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            throw new InvalidInputException("candidate list is " + (candidates == null ? "null" : "empty")
                    + "; at least one guidance landmark set is needed");
        }
        WeightedQuery q = new WeightedQuery(degraded, weights.toArray());
        int n = candidates.size();
        double[] d2 = new double[n];
        Landmarks[] cands = candidates.toArray(new Landmarks[0]);
        forChunks(n, (from, to) -> {
            double[] mom = new double[WeightedQuery.MOMENTS];
            for (int k = from; k < to; k++) {
                Landmarks g = cands[k];
                if (g == null) {
                    throw new InvalidLandmarksException("candidate " + k + " landmarks are null");
                }
                q.moments(g, mom);
                d2[k] = q.distance(mom, k);
            }
        });
        return new Selection(argmin(d2), d2);
    }

    /**
     * Eqn 2 over a prebuilt {@link ExemplarIndex} (no per-call copying of candidate landmarks).
     *
     * @param degraded the degraded face's landmarks L^d
     * @param index the candidates' landmarks
     * @return the index k* of the best candidate and every candidate's distance
     */
    public Selection select(Landmarks degraded, ExemplarIndex index) {
        if (index == null) {
            throw new InvalidInputException("exemplar index is null");
        }
        WeightedQuery q = new WeightedQuery(degraded, weights.toArray());
        double[] data = index.data();
        double[] d2 = new double[index.size()];
        forChunks(d2.length, (from, to) -> {
            double[] mom = new double[WeightedQuery.MOMENTS];
            for (int k = from; k < to; k++) {
                q.moments(data, k * STRIDE, mom);
                d2[k] = q.distance(mom, k);
            }
        });
        return new Selection(argmin(d2), d2);
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void forChunks(int n, Range body) {
        if (n <= CHUNK) {
            body.run(0, n);
            return;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    private static int argmin(double[] d2) {
        int best = 0;
        for (int k = 1; k < d2.length; k++) {
            if (d2[k] < d2[best]) {
                best = k;
            }
        }
        return best;
    }
}
