package dev.asffnet.geometry.asffnet512;

import dev.asffnet.api.Aligner;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.WarpField;
import org.ejml.data.DMatrix2;
import org.ejml.data.DMatrix2x2;
import org.ejml.dense.fixed.CommonOps_DDF2;

/**
 * The released ASFFNet512 warp (notes section 6): inverse-affine moving least squares at feature scale
 * (landmarks / 4) over the 51 control points 17..67, guidance points {@code p}, degraded points {@code q},
 * as (row, col). For each feature pixel {@code v}: {@code w_i = 1 / (|p_i - v|^2 + 2e-8)} (distances to the
 * guidance points), weighted centroids {@code p*}, {@code q*}, and
 * {@code f(v) = (v - q*) (sum w_i p^_i^T q^_i)^-1 (sum w_i p^_i^T p^_i) + p*}, the inverse of the forward
 * affine MLS of Eqn 5 with the weights held at {@code v}. When any pixel's first matrix is exactly
 * singular, every pixel with determinant {@code < 1e-8} (negative ones included) gets {@code v + q* - p*}.
 * Clip rules on {@code f}: a coordinate {@code < 0} becomes 0; a row or column above {@code H - 1} becomes
 * 0 (not {@code H - 1}). All in float64; the per-pixel 2x2 step uses EJML's {@code DMatrix2x2} operations.
 */
public final class AuthorsMls implements Aligner {
    /** First control landmark (17..67: brows, nose, eyes, mouth; no jaw). */
    public static final int FIRST = 17;
    /** Last control landmark. */
    public static final int LAST = 67;
    /** Image pixels per feature pixel. */
    public static final int DOWN = 4;

    /**
     * The sampled positions before normalisation, as the fixture's {@code grid_pixels_f64.npy}.
     *
     * @param degraded the degraded face's landmarks in image pixels of the {@code 4h x 4w} crop
     * @param guidance the guidance landmarks in the same frame
     * @param h feature rows
     * @param w feature columns
     * @return {@code [2, h, w]}: plane 0 the row, plane 1 the column, in feature pixels
     */
    public static double[] pixelGrid(Landmarks degraded, Landmarks guidance, int h, int w) {
        if (degraded == null || guidance == null || h < 1 || w < 1) {
            throw new InvalidInputException("MLS needs both landmark sets and a positive grid size");
        }
        int n = LAST - FIRST + 1;
        double[] pr = new double[n], pc = new double[n], qr = new double[n], qc = new double[n];
        for (int i = 0; i < n; i++) {
            pr[i] = guidance.y(FIRST + i) / DOWN;
            pc[i] = guidance.x(FIRST + i) / DOWN;
            qr[i] = degraded.y(FIRST + i) / DOWN;
            qc[i] = degraded.x(FIRST + i) / DOWN;
        }
        int plane = h * w;
        double[] out = new double[2 * plane];
        double[] m = new double[8 * plane];   // per pixel: A (4), B (4) -- and centroids below
        double[] cen = new double[4 * plane];
        boolean singular = false;
        double[] wt = new double[n];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double sw = 0, spr = 0, spc = 0, sqr = 0, sqc = 0;
                for (int i = 0; i < n; i++) {
                    double dr = pr[i] - r, dc = pc[i] - c;
                    wt[i] = 1.0 / ((dr * dr + 1e-8) + (dc * dc + 1e-8));
                    sw += wt[i];
                    spr += wt[i] * pr[i];
                    spc += wt[i] * pc[i];
                    sqr += wt[i] * qr[i];
                    sqc += wt[i] * qc[i];
                }
                double psr = spr / sw, psc = spc / sw, qsr = sqr / sw, qsc = sqc / sw;
                double a00 = 0, a01 = 0, a10 = 0, a11 = 0, b00 = 0, b01 = 0, b11 = 0;
                for (int i = 0; i < n; i++) {
                    double ar = pr[i] - psr, ac = pc[i] - psc, br = qr[i] - qsr, bc = qc[i] - qsc;
                    a00 += wt[i] * ar * br;
                    a01 += wt[i] * ar * bc;
                    a10 += wt[i] * ac * br;
                    a11 += wt[i] * ac * bc;
                    b00 += wt[i] * ar * ar;
                    b01 += wt[i] * ar * ac;
                    b11 += wt[i] * ac * ac;
                }
                int k = r * w + c;
                m[8 * k] = a00;
                m[8 * k + 1] = a01;
                m[8 * k + 2] = a10;
                m[8 * k + 3] = a11;
                m[8 * k + 4] = b00;
                m[8 * k + 5] = b01;
                m[8 * k + 6] = b01;
                m[8 * k + 7] = b11;
                cen[4 * k] = psr;
                cen[4 * k + 1] = psc;
                cen[4 * k + 2] = qsr;
                cen[4 * k + 3] = qsc;
                singular |= a00 * a11 - a01 * a10 == 0;
            }
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int k = r * w + c;
                DMatrix2x2 a = new DMatrix2x2(m[8 * k], m[8 * k + 1], m[8 * k + 2], m[8 * k + 3]);
                double det = CommonOps_DDF2.det(a);
                double psr = cen[4 * k], psc = cen[4 * k + 1], qsr = cen[4 * k + 2], qsc = cen[4 * k + 3];
                double fr, fc;
                if (singular && det < 1e-8) {
                    fr = r + qsr - psr;
                    fc = c + qsc - psc;
                } else {
                    // (v - q*) A^-1 B + p*, row vectors
                    DMatrix2x2 ainv = new DMatrix2x2();
                    CommonOps_DDF2.invert(a, ainv);
                    DMatrix2 t = new DMatrix2();
                    CommonOps_DDF2.mult(new DMatrix2(r - qsr, c - qsc), ainv, t);
                    DMatrix2 f = new DMatrix2();
                    CommonOps_DDF2.mult(t, new DMatrix2x2(m[8 * k + 4], m[8 * k + 5], m[8 * k + 6], m[8 * k + 7]), f);
                    fr = f.a1 + psr;
                    fc = f.a2 + psc;
                }
                out[k] = fr < 0 || fr > h - 1 ? 0 : fr;
                out[plane + k] = fc < 0 || fc > w - 1 ? 0 : fc;
            }
        }
        return out;
    }

    /**
     * The grid the network samples with ({@code grid_sample}, align_corners = False, zero padding), as the
     * fixture's {@code grid.npy}: {@code (g - H/2) / (H/2)} with {@code H} for both axes, in (x = col, y = row)
     * order. Samples therefore land half a feature pixel up-left of {@link #pixelGrid}.
     *
     * @param degraded the degraded face's landmarks in image pixels of the {@code 4h x 4w} crop
     * @param guidance the guidance landmarks in the same frame
     * @param h feature rows
     * @param w feature columns
     * @return {@code [h, w, 2]} float32
     */
    public static float[] normalizedGrid(Landmarks degraded, Landmarks guidance, int h, int w) {
        double[] g = pixelGrid(degraded, guidance, h, w);
        int plane = h * w;
        double half = h / 2.0;
        float[] out = new float[2 * plane];
        for (int k = 0; k < plane; k++) {
            out[2 * k] = (float) ((g[plane + k] - half) / half);
            out[2 * k + 1] = (float) ((g[k] - half) / half);
        }
        return out;
    }

    /**
     * As an {@link Aligner} of the restoration pipeline, which passes landmarks in feature pixels
     * {@code xf = (x + 0.5) / 4 - 0.5}: the field's sources are the positions {@code grid_sample} reads,
     * {@link #pixelGrid} minus half a pixel (align-corners pixel centres).
     */
    @Override
    public WarpField align(Landmarks degraded, Landmarks guidance, int width, int height) {
        double o = 0.5 - 0.5 / DOWN;       // xf + o = x / 4
        Landmarks d = degraded.transformed(DOWN, 0, DOWN * o, 0, DOWN, DOWN * o);
        Landmarks g = guidance.transformed(DOWN, 0, DOWN * o, 0, DOWN, DOWN * o);
        double[] grid = pixelGrid(d, g, height, width);
        int plane = width * height;
        return new WarpField() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public double sourceX(int x, int y) {
                return grid[plane + y * width + x] - 0.5;
            }

            @Override
            public double sourceY(int x, int y) {
                return grid[y * width + x] - 0.5;
            }
        };
    }
}
