package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import org.ejml.data.DMatrix3;
import org.ejml.data.DMatrix3x3;
import org.ejml.dense.fixed.CommonOps_DDF3;

/**
 * {@code TwoGroupSelector.score} (the authors' two-group form of Eqns 2-3) with the same algorithm as the
 * production code (centred points, {@code T = G^-1 R} once per group) but the 3x3 normal equations built as
 * a {@link DMatrix3x3} and two {@link DMatrix3} columns and solved with {@code CommonOps_DDF3.invert} and
 * {@code mult} (scalar-replaced by the JIT: no allocation).
 */
public final class TwoGroupEjml {
    private static final int[] EYES = range(17, 27, 36, 48);
    private static final int[] MOUTH = range(48, 68, 0, 0);

    private TwoGroupEjml() {
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
        // normal equations G T = R with R = P^T L as two columns
        DMatrix3x3 g = new DMatrix3x3();
        DMatrix3 rx = new DMatrix3();
        DMatrix3 ry = new DMatrix3();
        for (int i : idx) {
            double x = p.x(i) - cx;
            double y = p.y(i) - cy;
            double lx = l.x(i);
            double ly = l.y(i);
            g.a11 += x * x;
            g.a12 += x * y;
            g.a13 += x;
            g.a22 += y * y;
            g.a23 += y;
            g.a33 += 1;
            rx.a1 += x * lx;
            rx.a2 += y * lx;
            rx.a3 += lx;
            ry.a1 += x * ly;
            ry.a2 += y * ly;
            ry.a3 += ly;
        }
        g.a21 = g.a12;
        g.a31 = g.a13;
        g.a32 = g.a23;
        // det G = n det C: the relative test of Eqn 3 on the scatter C
        double tr = g.a11 + g.a22;
        if (!(CommonOps_DDF3.det(g) > Checks.DEGENERACY_TOL * g.a33 * tr * tr)) {
            throw new DegenerateLandmarksException("candidate landmarks of one selection group are coincident or"
                    + " collinear: no affine fit");
        }
        DMatrix3x3 inv = new DMatrix3x3();
        CommonOps_DDF3.invert(g, inv);
        DMatrix3 tx = new DMatrix3();
        DMatrix3 ty = new DMatrix3();
        CommonOps_DDF3.mult(inv, rx, tx);
        CommonOps_DDF3.mult(inv, ry, ty);
        double sum = 0;
        for (int i : idx) {
            double x = p.x(i) - cx;
            double y = p.y(i) - cy;
            double ex = x * tx.a1 + y * tx.a2 + tx.a3 - l.x(i);
            double ey = x * ty.a1 + y * ty.a2 + ty.a3 - l.y(i);
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
