package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import org.ejml.data.DMatrix2;
import org.ejml.data.DMatrix2x2;
import org.ejml.dense.fixed.CommonOps_DDF2;

/**
 * The MLS warp field of Eqn 5 as asffnet-geometry's {@code MlsAligner} computes it for all 68 control
 * points (a copy of its private per-position loop: one pass over the control points accumulates the
 * moments of the 3x3 weighted normal equations about p, then the centred 2x2 system is solved), with the
 * solve written twice: with EJML's {@link DMatrix2x2} operations ({@link #fieldEjml}, the production code)
 * and by hand ({@link #fieldHand}, the closed form production used before). Sequential (production splits
 * grids from 2,048 positions up over the fork-join pool). Immutable.
 */
public final class MlsSolve {
    private static final double HIT2 = 1e-12;

    private final int n;
    private final double[] dx;
    private final double[] dy;
    private final double[] gxRaw;
    private final double[] gyRaw;
    private final double[] gx;
    private final double[] gy;
    private final double gmx;
    private final double gmy;

    /**
     * The control points in grid units ({@code xf = (x + 0.5) / f - 0.5} for {@code factor > 1}).
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @param factor the grid downscale factor f (4 for the 32x32 feature grid of 128 crops)
     */
    public MlsSolve(Landmarks degraded, Landmarks guidance, int factor) {
        n = Landmarks.COUNT;
        dx = new double[n];
        dy = new double[n];
        gxRaw = new double[n];
        gyRaw = new double[n];
        for (int j = 0; j < n; j++) {
            dx[j] = toGrid(degraded.x(j), factor);
            dy[j] = toGrid(degraded.y(j), factor);
            gxRaw[j] = toGrid(guidance.x(j), factor);
            gyRaw[j] = toGrid(guidance.y(j), factor);
        }
        double mx = 0, my = 0;
        for (int j = 0; j < n; j++) {
            mx += gxRaw[j];
            my += gyRaw[j];
        }
        gmx = mx / n;
        gmy = my / n;
        gx = new double[n];
        gy = new double[n];
        for (int j = 0; j < n; j++) {
            gx[j] = gxRaw[j] - gmx;
            gy[j] = gyRaw[j] - gmy;
        }
    }

    private static double toGrid(double v, int factor) {
        return factor == 1 ? v : (v + 0.5) / factor - 0.5;
    }

    /**
     * Eqn 5 on the {@code width x height} grid, 2x2 solve by hand ({@code L = B C^-1} with
     * {@code C^-1 = [cyy -cxy; -cxy cxx] / det}).
     *
     * @param width grid width
     * @param height grid height
     * @return {@code {sourceX, sourceY}}, row-major
     */
    public double[][] fieldHand(int width, int height) {
        double[][] p = grid(width, height);
        return checked(solveHand(p[0], p[1]), width);
    }

    /**
     * Eqn 5 at the positions {@code (px[i], py[i])}, 2x2 solve by hand.
     *
     * @param px position x
     * @param py position y
     * @return {@code {sourceX, sourceY}}, NaN where the system is singular
     */
    public double[][] solveHand(double[] px, double[] py) {
        int count = px.length;
        double[] outX = new double[count];
        double[] outY = new double[count];
        for (int i = 0; i < count; i++) {
            double p = px[i];
            double q = py[i];
            double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            double sgx = 0, sgy = 0, kxx = 0, kxy = 0, kyx = 0, kyy = 0;
            int hit = -1;
            for (int j = 0; j < n; j++) {
                double ex = dx[j] - p;
                double ey = dy[j] - q;
                double r2 = Math.fma(ex, ex, ey * ey);
                if (r2 < HIT2) {
                    hit = j;
                }
                double w = 1.0 / r2;
                double wx = w * ex;
                double wy = w * ey;
                sw += w;
                sx += wx;
                sy += wy;
                sxx = Math.fma(wx, ex, sxx);
                sxy = Math.fma(wx, ey, sxy);
                double gxj = gx[j];
                double gyj = gy[j];
                sgx = Math.fma(w, gxj, sgx);
                sgy = Math.fma(w, gyj, sgy);
                kxx = Math.fma(gxj, wx, kxx);
                kxy = Math.fma(gxj, wy, kxy);
                kyx = Math.fma(gyj, wx, kyx);
                kyy = Math.fma(gyj, wy, kyy);
            }
            if (hit >= 0) {
                outX[i] = gxRaw[hit];
                outY[i] = gyRaw[hit];
                continue;
            }
            double syy = n - sxx;
            double mx = sx / sw;
            double my = sy / sw;
            double cxx = sxx - sx * mx;
            double cxy = sxy - sx * my;
            double cyy = syy - sy * my;
            double tr = cxx + cyy;
            double det = cxx * cyy - cxy * cxy;
            if (!(det > Checks.DEGENERACY_TOL * tr * tr)) {
                outX[i] = Double.NaN;
                outY[i] = Double.NaN;
                continue;
            }
            double qx = sgx / sw;
            double qy = sgy / sw;
            double bxx = kxx - sgx * mx;
            double bxy = kxy - sgx * my;
            double byx = kyx - sgy * mx;
            double byy = kyy - sgy * my;
            double l00 = (bxx * cyy - bxy * cxy) / det;
            double l01 = (bxy * cxx - bxx * cxy) / det;
            double l10 = (byx * cyy - byy * cxy) / det;
            double l11 = (byy * cxx - byx * cxy) / det;
            outX[i] = gmx + qx - (l00 * mx + l01 * my);
            outY[i] = gmy + qy - (l10 * mx + l11 * my);
        }
        return new double[][] {outX, outY};
    }

    /**
     * Eqn 5 on the {@code width x height} grid, 2x2 solve with EJML: {@code CommonOps_DDF2.invert(C)},
     * {@code L = B C^-1} ({@code mult}), {@code L m} ({@code mult} by a {@link DMatrix2}).
     *
     * @param width grid width
     * @param height grid height
     * @return {@code {sourceX, sourceY}}, row-major
     */
    public double[][] fieldEjml(int width, int height) {
        double[][] p = grid(width, height);
        return checked(solveEjml(p[0], p[1]), width);
    }

    /**
     * Eqn 5 at the positions {@code (px[i], py[i])}, 2x2 solve with EJML.
     *
     * @param px position x
     * @param py position y
     * @return {@code {sourceX, sourceY}}, NaN where the system is singular
     */
    public double[][] solveEjml(double[] px, double[] py) {
        int count = px.length;
        double[] outX = new double[count];
        double[] outY = new double[count];
        for (int i = 0; i < count; i++) {
            double p = px[i];
            double q = py[i];
            double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            double sgx = 0, sgy = 0, kxx = 0, kxy = 0, kyx = 0, kyy = 0;
            int hit = -1;
            for (int j = 0; j < n; j++) {
                double ex = dx[j] - p;
                double ey = dy[j] - q;
                double r2 = Math.fma(ex, ex, ey * ey);
                if (r2 < HIT2) {
                    hit = j;
                }
                double w = 1.0 / r2;
                double wx = w * ex;
                double wy = w * ey;
                sw += w;
                sx += wx;
                sy += wy;
                sxx = Math.fma(wx, ex, sxx);
                sxy = Math.fma(wx, ey, sxy);
                double gxj = gx[j];
                double gyj = gy[j];
                sgx = Math.fma(w, gxj, sgx);
                sgy = Math.fma(w, gyj, sgy);
                kxx = Math.fma(gxj, wx, kxx);
                kxy = Math.fma(gxj, wy, kxy);
                kyx = Math.fma(gyj, wx, kyx);
                kyy = Math.fma(gyj, wy, kyy);
            }
            if (hit >= 0) {
                outX[i] = gxRaw[hit];
                outY[i] = gyRaw[hit];
                continue;
            }
            double mx = sx / sw;
            double my = sy / sw;
            double cxy = sxy - sx * my;
            DMatrix2x2 c = new DMatrix2x2(sxx - sx * mx, cxy, cxy, (n - sxx) - sy * my);
            double det = CommonOps_DDF2.det(c);
            double tr = CommonOps_DDF2.trace(c);
            if (!(det > Checks.DEGENERACY_TOL * tr * tr)) {
                outX[i] = Double.NaN;
                outY[i] = Double.NaN;
                continue;
            }
            DMatrix2x2 cinv = new DMatrix2x2();
            CommonOps_DDF2.invert(c, cinv);
            DMatrix2x2 l = new DMatrix2x2();
            CommonOps_DDF2.mult(new DMatrix2x2(kxx - sgx * mx, kxy - sgx * my, kyx - sgy * mx, kyy - sgy * my), cinv, l);
            DMatrix2 lm = new DMatrix2();
            CommonOps_DDF2.mult(l, new DMatrix2(mx, my), lm);
            outX[i] = gmx + sgx / sw - lm.a1;
            outY[i] = gmy + sgy / sw - lm.a2;
        }
        return new double[][] {outX, outY};
    }

    private static double[][] grid(int width, int height) {
        double[] px = new double[width * height];
        double[] py = new double[width * height];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                px[i] = x;
                py[i] = y;
            }
        }
        return new double[][] {px, py};
    }

    private static double[][] checked(double[][] s, int width) {
        double[] sx = s[0];
        double[] sy = s[1];
        for (int i = 0; i < sx.length; i++) {
            if (!Double.isFinite(sx[i]) || !Double.isFinite(sy[i])) {
                throw new DegenerateLandmarksException("MLS normal matrix of Eqn 5 is singular at grid position ("
                        + i % width + ", " + i / width + ")");
            }
        }
        return s;
    }
}
