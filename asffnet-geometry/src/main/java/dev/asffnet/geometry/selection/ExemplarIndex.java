package dev.asffnet.geometry.selection;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import java.util.List;

/**
 * Candidate guidance landmark sets {@code L^g_k} of Eqn 2 packed once into one flat interleaved array
 * ({@code x0,y0,...,x67,y67} per candidate), for album-scale selection with
 * {@link AffineDistanceSelector#select(Landmarks, ExemplarIndex)} without per-call copying. Immutable.
 */
public final class ExemplarIndex {
    private static final int STRIDE = 2 * Landmarks.COUNT;

    private final double[] xy;
    private final int size;

    private ExemplarIndex(double[] xy, int size) {
        this.xy = xy;
        this.size = size;
    }

    /**
     * An index of the given landmark sets, copied in list order.
     *
     * @param candidates the candidates' landmarks, in candidate order
     * @return the index
     * @throws InvalidInputException if the list is null, empty or holds null elements
     */
    public static ExemplarIndex of(List<Landmarks> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            throw new InvalidInputException("candidate list is " + (candidates == null ? "null" : "empty")
                    + "; at least one guidance landmark set is needed");
        }
        int n = candidates.size();
        double[] xy = new double[n * STRIDE];
        int k = 0;
        for (Landmarks l : candidates) {
            if (l == null) {
                throw new InvalidLandmarksException("candidate " + k + " landmarks are null");
            }
            for (int m = 0; m < Landmarks.COUNT; m++) {
                xy[k * STRIDE + 2 * m] = l.x(m);
                xy[k * STRIDE + 2 * m + 1] = l.y(m);
            }
            k++;
        }
        return new ExemplarIndex(xy, n);
    }

    /**
     * An index from {@code count} candidates stored back to back in {@code xy} (136 values each); copied.
     *
     * @param xy {@code 136 * count} interleaved coordinates
     * @param count the number of candidates
     * @return the index
     * @throws InvalidInputException on a wrong length, a non-positive count or non-finite values
     */
    public static ExemplarIndex ofFlat(double[] xy, int count) {
        if (count <= 0) {
            throw new InvalidInputException("candidate count must be positive, got " + count);
        }
        if (xy == null || (long) xy.length != (long) count * STRIDE) {
            throw new InvalidInputException("expected " + (long) count * STRIDE + " values for " + count
                    + " candidates, got " + (xy == null ? "null" : xy.length));
        }
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new InvalidLandmarksException("candidate " + i / STRIDE + " landmark " + (i % STRIDE) / 2
                        + " is not finite: " + xy[i]);
            }
        }
        return new ExemplarIndex(xy.clone(), count);
    }

    /**
     * Number of candidates.
     *
     * @return the candidate count
     */
    public int size() {
        return size;
    }

    /**
     * The landmarks of candidate {@code k}.
     *
     * @param k the candidate index
     * @return its landmarks
     */
    public Landmarks landmarks(int k) {
        if (k < 0 || k >= size) {
            throw new InvalidInputException("candidate index " + k + " out of range [0, " + size + ")");
        }
        double[] one = new double[STRIDE];
        System.arraycopy(xy, k * STRIDE, one, 0, STRIDE);
        return Landmarks.of(one);
    }

    /** The backing array; package-private, never modified. */
    double[] data() {
        return xy;
    }
}
