package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import org.ejml.data.DMatrix2;
import org.ejml.data.DMatrix2x2;
import org.ejml.dense.fixed.CommonOps_DDF2;

/**
 * The closed-form weighted least squares of Eqns 2-3 as asffnet-geometry's package-private
 * {@code WeightedQuery} computes it (a copy: the per-degraded-face terms and the 3x3 weighted moment
 * accumulation of each candidate), with the final 2x2 step written twice: by hand ({@link #distanceHand},
 * {@link #fitHand}, the production arithmetic) and with EJML's fixed-size {@link DMatrix2x2} operations
 * ({@link #distanceEjml}, {@link #fitEjml}). Immutable after construction.
 *
 * <p>Both variants compute, from the centred scatter {@code C_gg} and the cross terms {@code C_dg} of the
 * moments, {@code D^2 = S_dd - tr(C_dg C_gg^-1 C_dg^T)} (Eqn 2) and {@code L = C_dg C_gg^-1} (Eqn 3).
 */
public final class WlsQuery {
    /** Size of the moment array: {@code [sx, sy, sxx, sxy, syy, a, b, c, e, gx0, gy0]}. */
    public static final int MOMENTS = 11;

    private final double[] w;
    private final double[] wdx;
    private final double[] wdy;
    private final double dcx;
    private final double dcy;
    private final double sumW;
    private final double sdd;
    private final double scale;

    /**
     * The per-degraded-face terms of Eqns 2-3.
     *
     * @param degraded the degraded face's landmarks L^d
     * @param weights the 68 landmark weights w_m
     */
    public WlsQuery(Landmarks degraded, double[] weights) {
        scale = Checks.weights(weights);
        int n = Landmarks.COUNT;
        w = new double[n];
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int m = 0; m < n; m++) {
            w[m] = weights[m] / scale;
            sw += w[m];
            sx += w[m] * degraded.x(m);
            sy += w[m] * degraded.y(m);
        }
        sumW = sw;
        dcx = sx / sw;
        dcy = sy / sw;
        wdx = new double[n];
        wdy = new double[n];
        double s = 0;
        for (int m = 0; m < n; m++) {
            double ex = degraded.x(m) - dcx;
            double ey = degraded.y(m) - dcy;
            wdx[m] = w[m] * ex;
            wdy[m] = w[m] * ey;
            s += w[m] * (ex * ex + ey * ey);
        }
        sdd = s;
    }

    /**
     * The shifted weighted moments of the candidate at {@code g[off .. off+135]} (interleaved x, y).
     *
     * @param g candidates' coordinates
     * @param off offset of the candidate's first x
     * @param mom receives the {@link #MOMENTS} moments
     */
    public void moments(double[] g, int off, double[] mom) {
        double gx0 = g[off];
        double gy0 = g[off + 1];
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, a = 0, b = 0, c = 0, e = 0;
        for (int m = 0, j = off; m < Landmarks.COUNT; m++, j += 2) {
            double x = g[j] - gx0;
            double y = g[j + 1] - gy0;
            double wx = w[m] * x;
            double wy = w[m] * y;
            sx += wx;
            sy += wy;
            sxx = Math.fma(wx, x, sxx);
            sxy = Math.fma(wx, y, sxy);
            syy = Math.fma(wy, y, syy);
            a = Math.fma(wdx[m], x, a);
            b = Math.fma(wdx[m], y, b);
            c = Math.fma(wdy[m], x, c);
            e = Math.fma(wdy[m], y, e);
        }
        mom[0] = sx;
        mom[1] = sy;
        mom[2] = sxx;
        mom[3] = sxy;
        mom[4] = syy;
        mom[5] = a;
        mom[6] = b;
        mom[7] = c;
        mom[8] = e;
        mom[9] = gx0;
        mom[10] = gy0;
    }

    /**
     * Eqn 2 by hand: {@code C_gg^-1 = [cyy -cxy; -cxy cxx] / det} expanded into the trace.
     *
     * @param mom the candidate's moments
     * @return {@code D_a^2}
     */
    public double distanceHand(double[] mom) {
        double sx = mom[0], sy = mom[1], a = mom[5], b = mom[6], c = mom[7], e = mom[8];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = mom[2] - sx * mx;
        double cxy = mom[3] - sx * my;
        double cyy = mom[4] - sy * my;
        double det = checkedDet(cxx, cxy, cyy);
        double explained = (a * a * cyy - 2 * a * b * cxy + b * b * cxx + c * c * cyy - 2 * c * e * cxy + e * e * cxx) / det;
        return finite(Math.max(0.0, sdd - explained) * scale);
    }

    /**
     * Eqn 2 with EJML: {@code CommonOps_DDF2.invert(C_gg)}, {@code L = C_dg C_gg^-1} ({@code mult}) and
     * {@code tr(L C_dg^T)} ({@code multTransB}, {@code trace}).
     *
     * @param mom the candidate's moments
     * @return {@code D_a^2}
     */
    public double distanceEjml(double[] mom) {
        double sx = mom[0], sy = mom[1];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxy = mom[3] - sx * my;
        DMatrix2x2 cgg = new DMatrix2x2(mom[2] - sx * mx, cxy, cxy, mom[4] - sy * my);
        checkedDet(cgg);
        DMatrix2x2 inv = new DMatrix2x2();
        CommonOps_DDF2.invert(cgg, inv);
        DMatrix2x2 cdg = new DMatrix2x2(mom[5], mom[6], mom[7], mom[8]);
        DMatrix2x2 l = new DMatrix2x2();
        CommonOps_DDF2.mult(cdg, inv, l);
        DMatrix2x2 lct = new DMatrix2x2();
        CommonOps_DDF2.multTransB(l, cdg, lct);
        return finite(Math.max(0.0, sdd - CommonOps_DDF2.trace(lct)) * scale);
    }

    /**
     * Eqn 3 by hand: the 2x3 affine map {@code A} from guidance to degraded.
     *
     * @param mom the candidate's moments
     * @return rows {@code [a b tx]}, {@code [c d ty]}
     */
    public double[][] fitHand(double[] mom) {
        double sx = mom[0], sy = mom[1], a = mom[5], b = mom[6], c = mom[7], e = mom[8];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = mom[2] - sx * mx;
        double cxy = mom[3] - sx * my;
        double cyy = mom[4] - sy * my;
        double det = checkedDet(cxx, cxy, cyy);
        double l00 = (a * cyy - b * cxy) / det;
        double l01 = (b * cxx - a * cxy) / det;
        double l10 = (c * cyy - e * cxy) / det;
        double l11 = (e * cxx - c * cxy) / det;
        double gcx = mom[9] + mx;
        double gcy = mom[10] + my;
        return new double[][] {
            {l00, l01, dcx - l00 * gcx - l01 * gcy},
            {l10, l11, dcy - l10 * gcx - l11 * gcy}};
    }

    /**
     * Eqn 3 with EJML: {@code L = C_dg C_gg^-1} ({@code invert}, {@code mult}), translation
     * {@code d* - L g*} ({@code mult} by a {@link DMatrix2}).
     *
     * @param mom the candidate's moments
     * @return rows {@code [a b tx]}, {@code [c d ty]}
     */
    public double[][] fitEjml(double[] mom) {
        double sx = mom[0], sy = mom[1];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxy = mom[3] - sx * my;
        DMatrix2x2 cgg = new DMatrix2x2(mom[2] - sx * mx, cxy, cxy, mom[4] - sy * my);
        checkedDet(cgg);
        DMatrix2x2 inv = new DMatrix2x2();
        CommonOps_DDF2.invert(cgg, inv);
        DMatrix2x2 l = new DMatrix2x2();
        CommonOps_DDF2.mult(new DMatrix2x2(mom[5], mom[6], mom[7], mom[8]), inv, l);
        DMatrix2 lg = new DMatrix2();
        CommonOps_DDF2.mult(l, new DMatrix2(mom[9] + mx, mom[10] + my), lg);
        return new double[][] {
            {l.a11, l.a12, dcx - lg.a1},
            {l.a21, l.a22, dcy - lg.a2}};
    }

    private static double checkedDet(double cxx, double cxy, double cyy) {
        double tr = cxx + cyy;
        double det = cxx * cyy - cxy * cxy;
        check(det, tr);
        return det;
    }

    private static void checkedDet(DMatrix2x2 cgg) {
        check(CommonOps_DDF2.det(cgg), CommonOps_DDF2.trace(cgg));
    }

    private static void check(double det, double tr) {
        if (!Double.isFinite(tr * tr) || !Double.isFinite(det)) {
            throw new InvalidInputException("weighted scatter of the guidance landmarks overflowed");
        }
        if (!(det > Checks.DEGENERACY_TOL * tr * tr)) {
            throw new DegenerateLandmarksException("guidance landmarks are coincident or collinear:"
                    + " the normal matrix of Eqn 3 is singular");
        }
    }

    private static double finite(double d2) {
        if (!Double.isFinite(d2)) {
            throw new InvalidInputException("affine distance overflowed");
        }
        return d2;
    }
}
