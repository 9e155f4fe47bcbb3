package dev.asffnet.geometry.asffnet512;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import java.util.List;

/**
 * The released ASFFNet512 guidance selection (notes section 5), a two-weight form of Eqns 2-3: for the
 * eye group (17..26 brows, 36..47 eyes) and the mouth group (48..67) separately, an unweighted least-squares
 * affine map from the candidate's points to the degraded points, {@code T = (P^T P)^-1 P^T L} with
 * homogeneous {@code P}; the group distance is the Frobenius norm of {@code P T - L} (not squared);
 * score = {@code 1.01 d_eyes + 1.49 d_mouth}; the minimum wins, the first on ties. Nose and jaw are unused.
 */
public final class TwoGroupSelector implements GuidanceSelector {
    static final double EYES_WEIGHT = 1.01;
    static final double MOUTH_WEIGHT = 1.49;
    private static final int[] EYES = range(17, 27, 36, 48);
    private static final int[] MOUTH = range(48, 68, 0, 0);

    /** {@link Selection#squaredDistances()} holds each candidate's score (not squared). */
    @Override
    public Selection select(Landmarks degraded, List<Landmarks> candidates) {
        if (degraded == null || candidates == null || candidates.isEmpty()) {
            throw new InvalidInputException("selection needs the degraded landmarks and at least one candidate");
        }
        double[] scores = new double[candidates.size()];
        int best = 0;
        for (int k = 0; k < scores.length; k++) {
            scores[k] = score(degraded, candidates.get(k));
            if (scores[k] < scores[best]) {
                best = k;
            }
        }
        return new Selection(best, scores);
    }

    /**
     * Scores one candidate.
     *
     * @param degraded the degraded face's landmarks
     * @param candidate a candidate exemplar's landmarks
     * @return {@code 1.01 d_eyes + 1.49 d_mouth} of the candidate
     * @throws InvalidInputException if {@code candidate} is null
     */
    public static double score(Landmarks degraded, Landmarks candidate) {
        if (candidate == null) {
            throw new InvalidInputException("candidate landmarks are null");
        }
        return EYES_WEIGHT * distance(degraded, candidate, EYES) + MOUTH_WEIGHT * distance(degraded, candidate, MOUTH);
    }

    private static double distance(Landmarks l, Landmarks p, int[] idx) {
        // normal equations: G = P^T P (3x3), R = P^T L (3x2)
        double[][] g = new double[3][3];
        double[][] r = new double[3][2];
        for (int i : idx) {
            double[] h = {p.x(i), p.y(i), 1};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    g[a][b] += h[a] * h[b];
                }
                r[a][0] += h[a] * l.x(i);
                r[a][1] += h[a] * l.y(i);
            }
        }
        double[][] inv = invert3(g);
        double sum = 0;
        for (int i : idx) {
            double[] h = {p.x(i), p.y(i), 1};
            for (int col = 0; col < 2; col++) {
                double v = 0;
                for (int a = 0; a < 3; a++) {
                    double t = 0;
                    for (int b = 0; b < 3; b++) {
                        t += inv[a][b] * r[b][col];
                    }
                    v += h[a] * t;
                }
                double e = v - (col == 0 ? l.x(i) : l.y(i));
                sum += e * e;
            }
        }
        return Math.sqrt(sum);
    }

    private static double[][] invert3(double[][] m) {
        double c00 = m[1][1] * m[2][2] - m[1][2] * m[2][1];
        double c01 = m[1][2] * m[2][0] - m[1][0] * m[2][2];
        double c02 = m[1][0] * m[2][1] - m[1][1] * m[2][0];
        double det = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02;
        if (!(Math.abs(det) > 1e-12 * Math.pow(Math.abs(m[0][0]) + Math.abs(m[1][1]) + 1, 3))) {
            throw new DegenerateLandmarksException("candidate landmarks of one selection group are collinear: "
                    + "no affine fit");
        }
        double[][] inv = new double[3][3];
        inv[0][0] = c00 / det;
        inv[1][0] = c01 / det;
        inv[2][0] = c02 / det;
        inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
        inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
        inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
        inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
        inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
        inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
        return inv;
    }

    private static int[] range(int a0, int a1, int b0, int b1) {
        int[] r = new int[a1 - a0 + b1 - b0];
        int k = 0;
        for (int i = a0; i < a1; i++) {
            r[k++] = i;
        }
        for (int i = b0; i < b1; i++) {
            r[k++] = i;
        }
        return r;
    }
}
