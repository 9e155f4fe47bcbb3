package dev.asffnet.geometry;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;

/** Argument checks shared by the geometry classes; every failure names the argument. */
public final class Checks {
    /** Relative tolerance below which a weighted normal-equation determinant counts as singular (Eqns 3, 5). */
    public static final double DEGENERACY_TOL = 1e-10;

    private Checks() {
    }

    /**
     * Checks that landmarks are present.
     *
     * @param l the landmarks to check
     * @param name names the landmarks in the error message
     * @return {@code l}
     * @throws InvalidLandmarksException if {@code l} is null
     */
    public static Landmarks landmarks(Landmarks l, String name) {
        if (l == null) {
            throw new InvalidLandmarksException(name + " landmarks are null");
        }
        return l;
    }

    /**
     * Validates landmark weights (68 finite, non-negative values, not all zero) and returns their maximum.
     *
     * @param w the weights
     * @return the largest weight
     * @throws InvalidInputException if the weights are null, of the wrong count, non-finite, negative or all zero
     */
    public static double weights(double[] w) {
        if (w == null) {
            throw new InvalidInputException("weights are null; expected " + Landmarks.COUNT + " values");
        }
        if (w.length != Landmarks.COUNT) {
            throw new InvalidInputException("expected " + Landmarks.COUNT + " landmark weights, got " + w.length);
        }
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new InvalidInputException("weight " + i + " is not finite: " + w[i]);
            }
            if (w[i] < 0) {
                throw new InvalidInputException("weight " + i + " is negative: " + w[i]);
            }
            max = Math.max(max, w[i]);
        }
        if (max == 0) {
            throw new InvalidInputException("all " + Landmarks.COUNT + " landmark weights are zero");
        }
        return max;
    }

    /**
     * Checks planar CHW data against its sizes.
     *
     * @param chw the planar data
     * @param channels number of channels
     * @param w width
     * @param h height
     * @param name names the data in the error message
     * @throws InvalidInputException if a size is not positive or the data length is not {@code channels*w*h}
     */
    public static void chw(float[] chw, int channels, int w, int h, String name) {
        if (channels <= 0 || w <= 0 || h <= 0) {
            throw new InvalidInputException(name + ": channels, width and height must be positive, got "
                    + channels + ", " + w + ", " + h);
        }
        if (chw == null || (long) chw.length != (long) channels * w * h) {
            throw new InvalidInputException(name + ": expected " + (long) channels * w * h + " CHW values ("
                    + channels + "x" + h + "x" + w + "), got " + (chw == null ? "null" : chw.length));
        }
    }
}
