package dev.asffnet.geometry;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;

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
    /** Relative determinant threshold of the weighted 2x2 scatter below which a set is collinear. */
    static final double DEGENERACY_TOL = 1e-10;

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

    /** Eqn 2 for the candidate stored interleaved at {@code g[off .. off+135]}; {@code k} names it in errors. */
    double distance(double[] g, int off, int k) {
        double gx0 = g[off];
        double gy0 = g[off + 1];
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, a = 0, b = 0, c = 0, e = 0;
        for (int m = 0, j = off; m < Landmarks.COUNT; m++, j += 2) {
            double x = g[j] - gx0;
            double y = g[j + 1] - gy0;
            double wm = w[m];
            double wx = wm * x;
            double wy = wm * y;
            sx += wx;
            sy += wy;
            sxx = Math.fma(wx, x, sxx);
            sxy = Math.fma(wx, y, sxy);
            syy = Math.fma(wy, y, syy);
            double px = wdx[m];
            double py = wdy[m];
            a = Math.fma(px, x, a);
            b = Math.fma(px, y, b);
            c = Math.fma(py, x, c);
            e = Math.fma(py, y, e);
        }
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = sxx - sx * mx;
        double cxy = sxy - sx * my;
        double cyy = syy - sy * my;
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

    /** Eqn 3: the 2x3 affine map A (guidance to degraded) for the candidate at {@code g[off..]}. */
    double[][] fit(double[] g, int off, int k) {
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
            sxx += wx * x;
            sxy += wx * y;
            syy += wy * y;
            a += wdx[m] * x;
            b += wdx[m] * y;
            c += wdy[m] * x;
            e += wdy[m] * y;
        }
        double mx = sx / sumW;
        double my = sy / sumW;
        double cxx = sxx - sx * mx;
        double cxy = sxy - sx * my;
        double cyy = syy - sy * my;
        double det = checkedDet(cxx, cxy, cyy, k);
        double l00 = (a * cyy - b * cxy) / det;
        double l01 = (b * cxx - a * cxy) / det;
        double l10 = (c * cyy - e * cxy) / det;
        double l11 = (e * cxx - c * cxy) / det;
        double gcx = gx0 + mx;
        double gcy = gy0 + my;
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
