package dev.asffnet.geometry.selection;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;

/**
 * The per-degraded-face part of Eqns 2-3, computed once and reused for every candidate: normalised
 * weights, the weighted centroid of L^d and the weighted, centred L^d terms. Each candidate then costs one
 * pass over its 68 points (a 3x3 weighted moment accumulation) and a closed-form 2x2 solve.
 *
 * <p>With centred quantities the WLS problem splits into the translation (centroids) and the linear part
 * {@code L = C_dg C_gg^-1}; the minimum of Eqn 2 is {@code S_dd - tr(C_dg C_gg^-1 C_dg^T)}. Candidate
 * coordinates are shifted by their first point before accumulation, which keeps the moments well
 * conditioned at any pixel scale.
 */
final class WeightedQuery {
    static final double DEGENERACY_TOL = Checks.DEGENERACY_TOL;

    private final double[] w;
    private final double[] wdx;
    private final double[] wdy;
    private final double dcx;
    private final double dcy;
    private final double sumW;
    private final double sdd;
    private final double scale;

    WeightedQuery(Landmarks degraded, double[] weights) {
        Checks.landmarks(degraded, "degraded");
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

    /** Size of the scratch array filled by {@code moments}. */
    static final int MOMENTS = 11;

    /**
     * The shifted weighted moments of the candidate stored interleaved at {@code g[off .. off+135]} into
     * {@code mom}: {@code [sx, sy, sxx, sxy, syy, a, b, c, e, gx0, gy0]}, coordinates relative to the
     * candidate's first point {@code (gx0, gy0)}; {@code a..e} are the cross terms with the centred,
     * weighted degraded points.
     */
    void moments(double[] g, int off, double[] mom) {
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
        store(mom, sx, sy, sxx, sxy, syy, a, b, c, e, gx0, gy0);
    }

    /** {@link #moments(double[], int, double[])} reading the landmarks in place. */
    void moments(Landmarks g, double[] mom) {
        double gx0 = g.x(0);
        double gy0 = g.y(0);
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, a = 0, b = 0, c = 0, e = 0;
        for (int m = 0; m < Landmarks.COUNT; m++) {
            double x = g.x(m) - gx0;
            double y = g.y(m) - gy0;
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
        store(mom, sx, sy, sxx, sxy, syy, a, b, c, e, gx0, gy0);
    }

    private static void store(double[] mom, double sx, double sy, double sxx, double sxy, double syy, double a,
            double b, double c, double e, double gx0, double gy0) {
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
     * Eqn 2 from the moments: {@code D^2 = S_dd - tr(C_dg C_gg^-1 C_dg^T)} (clamped at 0) with the centred
     * scatter {@code C_gg} and cross terms {@code C_dg = [a b; c e]}; {@code k} names the candidate in errors.
     */
    double distance(double[] mom, int k) {
        double sx = mom[0], sy = mom[1], a = mom[5], b = mom[6], c = mom[7], e = mom[8];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = mom[2] - sx * mx;
        double cxy = mom[3] - sx * my;
        double cyy = mom[4] - sy * my;
        double det = checkedDet(cxx, cxy, cyy, k);
        // tr(C_dg C_gg^-1 C_dg^T), C_gg^-1 = [cyy -cxy; -cxy cxx] / det
        double explained = (a * a * cyy - 2 * a * b * cxy + b * b * cxx + c * c * cyy - 2 * c * e * cxy + e * e * cxx) / det;
        double d2 = Math.max(0.0, sdd - explained) * scale;
        if (!Double.isFinite(d2)) {
            throw new InvalidInputException("affine distance of candidate " + k
                    + " overflowed: landmark coordinates or weights are too large");
        }
        return d2;
    }

    /** Eqn 3 from the moments: the 2x3 affine map A (guidance to degraded), {@code L = C_dg C_gg^-1}. */
    double[][] fit(double[] mom, int k) {
        double sx = mom[0], sy = mom[1], a = mom[5], b = mom[6], c = mom[7], e = mom[8];
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = mom[2] - sx * mx;
        double cxy = mom[3] - sx * my;
        double cyy = mom[4] - sy * my;
        double det = checkedDet(cxx, cxy, cyy, k);
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

    private static double checkedDet(double cxx, double cxy, double cyy, int k) {
        double tr = cxx + cyy;
        double det = cxx * cyy - cxy * cxy;
        if (!Double.isFinite(tr * tr) || !Double.isFinite(det)) {
            throw new InvalidInputException("weighted scatter of the guidance landmarks"
                    + (k < 0 ? "" : " of candidate " + k) + " overflowed: landmark coordinates are too large");
        }
        if (!(det > DEGENERACY_TOL * tr * tr)) {
            String who = k < 0 ? "guidance landmarks" : "guidance landmarks of candidate " + k;
            if (!(tr > 0)) {
                throw new DegenerateLandmarksException(who + " are coincident (all points with non-zero weight"
                        + " at one position): the normal matrix of Eqn 3 is singular");
            }
            throw new DegenerateLandmarksException(who + " are collinear (relative determinant of the weighted"
                    + " scatter " + det / (tr * tr) + " < " + DEGENERACY_TOL + "): the normal matrix of Eqn 3 is singular");
        }
        return det;
    }
}
