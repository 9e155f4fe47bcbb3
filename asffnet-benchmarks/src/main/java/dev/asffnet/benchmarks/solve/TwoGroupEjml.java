package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;
import org.ejml.data.DMatrix3;
import org.ejml.data.DMatrix3x3;
import org.ejml.dense.fixed.CommonOps_DDF3;

/**
 * {@code TwoGroupSelector.score} (the authors' two-group form of Eqns 2-3) with EJML's fixed-size 3x3
 * operations: per group the normal matrix {@code G = P^T P} as a {@link DMatrix3x3} and {@code R = P^T L} as
 * two {@link DMatrix3} columns, {@code T = G^-1 R} by {@code CommonOps_DDF3.invert} and {@code mult}, then the
 * Frobenius norm of {@code P T - L}. The production code inverts {@code G} by cofactors into a
 * {@code double[3][3]} and multiplies {@code G^-1 R} inside the residual loop.
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
        DMatrix3x3 g = new DMatrix3x3();
        DMatrix3 rx = new DMatrix3();
        DMatrix3 ry = new DMatrix3();
        for (int i : idx) {
            double x = p.x(i);
            double y = p.y(i);
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
        double det = CommonOps_DDF3.det(g);
        if (!(Math.abs(det) > 1e-12 * Math.pow(Math.abs(g.a11) + Math.abs(g.a22) + 1, 3))) {
            throw new DegenerateLandmarksException("candidate landmarks of one selection group are collinear: "
                    + "no affine fit");
        }
        DMatrix3x3 inv = new DMatrix3x3();
        CommonOps_DDF3.invert(g, inv);
        DMatrix3 tx = new DMatrix3();
        DMatrix3 ty = new DMatrix3();
        CommonOps_DDF3.mult(inv, rx, tx);
        CommonOps_DDF3.mult(inv, ry, ty);
        double sum = 0;
        for (int i : idx) {
            double x = p.x(i);
            double y = p.y(i);
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
