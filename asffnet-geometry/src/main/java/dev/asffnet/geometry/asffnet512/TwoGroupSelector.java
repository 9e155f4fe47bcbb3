package dev.asffnet.geometry.asffnet512;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import dev.asffnet.geometry.Checks;
import java.util.List;

/**
 * The released ASFFNet512 guidance selection (notes section 5), a two-weight form of Eqns 2-3: for the
 * eye group (17..26 brows, 36..47 eyes) and the mouth group (48..67) separately, an unweighted least-squares
 * affine map from the candidate's points to the degraded points, {@code T = (P^T P)^-1 P^T L} with
 * homogeneous {@code P}; the group distance is the Frobenius norm of {@code P T - L} (not squared);
 * score = {@code 1.01 d_eyes + 1.49 d_mouth}; the minimum wins, the first on ties. Nose and jaw are unused.
 * The symmetric 3x3 normal equations {@code (P^T P) T = P^T L} of each group, with the candidate's points
 * centred on the group mean (well conditioned at any pixel offset), are solved in closed form without
 * allocation; coincident or collinear groups ({@code det C <= 1e-10 tr(C)^2} for the group's scatter C) are
 * refused.
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
        // the candidate's points centred on their group mean: the residual norm does not change, and the
        // normal matrix G = P^T P becomes [C 0; 0 n] with the scatter C, well conditioned at any pixel offset
        double cx = 0;
        double cy = 0;
        for (int i : idx) {
            cx += p.x(i);
            cy += p.y(i);
        }
        cx /= idx.length;
        cy /= idx.length;
        // normal equations G T = R with R = P^T L as two columns (G symmetric: upper triangle)
        double g11 = 0, g12 = 0, g13 = 0, g22 = 0, g23 = 0, g33 = 0;
        double rx1 = 0, rx2 = 0, rx3 = 0, ry1 = 0, ry2 = 0, ry3 = 0;
        for (int i : idx) {
            double x = p.x(i) - cx;
            double y = p.y(i) - cy;
            double lx = l.x(i);
            double ly = l.y(i);
            g11 += x * x;
            g12 += x * y;
            g13 += x;
            g22 += y * y;
            g23 += y;
            g33 += 1;
            rx1 += x * lx;
            rx2 += y * lx;
            rx3 += lx;
            ry1 += x * ly;
            ry2 += y * ly;
            ry3 += ly;
        }
        // cofactors of the symmetric G; det G = n det C: the relative test of Eqn 3 on the scatter C
        double c11 = g22 * g33 - g23 * g23;
        double c12 = g13 * g23 - g12 * g33;
        double c13 = g12 * g23 - g13 * g22;
        double c22 = g11 * g33 - g13 * g13;
        double c23 = g12 * g13 - g11 * g23;
        double c33 = g11 * g22 - g12 * g12;
        double det = g11 * c11 + g12 * c12 + g13 * c13;
        double tr = g11 + g22;
        if (!(det > Checks.DEGENERACY_TOL * g33 * tr * tr)) {
            throw new DegenerateLandmarksException("candidate landmarks of one selection group are coincident or"
                    + " collinear: no affine fit");
        }
        // T = G^-1 R = adj(G) R / det
        double tx1 = (c11 * rx1 + c12 * rx2 + c13 * rx3) / det;
        double tx2 = (c12 * rx1 + c22 * rx2 + c23 * rx3) / det;
        double tx3 = (c13 * rx1 + c23 * rx2 + c33 * rx3) / det;
        double ty1 = (c11 * ry1 + c12 * ry2 + c13 * ry3) / det;
        double ty2 = (c12 * ry1 + c22 * ry2 + c23 * ry3) / det;
        double ty3 = (c13 * ry1 + c23 * ry2 + c33 * ry3) / det;
        double sum = 0;
        for (int i : idx) {
            double x = p.x(i) - cx;
            double y = p.y(i) - cy;
            double ex = x * tx1 + y * tx2 + tx3 - l.x(i);
            double ey = x * ty1 + y * ty2 + ty3 - l.y(i);
            sum += ex * ex + ey * ey;
        }
        return Math.sqrt(sum);
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
