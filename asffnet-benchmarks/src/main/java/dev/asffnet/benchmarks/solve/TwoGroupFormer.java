package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;

/**
 * {@code TwoGroupSelector.score} (the authors' two-group form of Eqns 2-3) as it was written before it moved
 * to EJML: per group the normal matrix {@code G = P^T P} and {@code R = P^T L} in {@code double[3][*]} arrays,
 * uncentred coordinates, {@code G^-1} by cofactors into a new array, and {@code G^-1 R} multiplied inside
 * the residual loop. The baseline of {@code SolveBenchmark.twoGroupScoreFormer}.
 */
public final class TwoGroupFormer {
    private static final int[] EYES = range(17, 27, 36, 48);
    private static final int[] MOUTH = range(48, 68, 0, 0);

    private TwoGroupFormer() {
    }

    /**
     * {@code 1.01 d_eyes + 1.49 d_mouth} of one candidate.
     *
     * @param degraded the degraded face's landmarks
     * @param candidate a candidate exemplar's landmarks
     * @return the score (smaller is better)
     */
    public static double score(Landmarks degraded, Landmarks candidate) {
        return 1.01 * distance(degraded, candidate, EYES) + 1.49 * distance(degraded, candidate, MOUTH);
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
