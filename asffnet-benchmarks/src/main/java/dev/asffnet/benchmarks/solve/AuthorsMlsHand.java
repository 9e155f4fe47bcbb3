package dev.asffnet.benchmarks.solve;

import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.asffnet512.AuthorsMls;

/**
 * {@link AuthorsMls#pixelGrid} (the released ASFFNet512 inverse-affine MLS, a variant of Eqn 5) as it was
 * written before its per-pixel 2x2 step moved to EJML: {@code (v - q*) A^-1 B + p*} with
 * {@code A^-1 = adj(A) / det} by hand. The first pass (weights, centroids, A and B) is the production code.
 */
public final class AuthorsMlsHand {
    private AuthorsMlsHand() {
    }

    /**
     * The sampled positions before normalisation, as {@link AuthorsMls#pixelGrid}.
     *
     * @param degraded the degraded face's landmarks in image pixels of the {@code 4h x 4w} crop
     * @param guidance the guidance landmarks in the same frame
     * @param h feature rows
     * @param w feature columns
     * @return {@code [2, h, w]}: plane 0 the row, plane 1 the column, in feature pixels
     */
    public static double[] pixelGrid(Landmarks degraded, Landmarks guidance, int h, int w) {
        int n = AuthorsMls.LAST - AuthorsMls.FIRST + 1;
        double[] pr = new double[n], pc = new double[n], qr = new double[n], qc = new double[n];
        for (int i = 0; i < n; i++) {
            pr[i] = guidance.y(AuthorsMls.FIRST + i) / AuthorsMls.DOWN;
            pc[i] = guidance.x(AuthorsMls.FIRST + i) / AuthorsMls.DOWN;
            qr[i] = degraded.y(AuthorsMls.FIRST + i) / AuthorsMls.DOWN;
            qc[i] = degraded.x(AuthorsMls.FIRST + i) / AuthorsMls.DOWN;
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
                double a00 = m[8 * k], a01 = m[8 * k + 1], a10 = m[8 * k + 2], a11 = m[8 * k + 3];
                double det = a00 * a11 - a01 * a10;
                double psr = cen[4 * k], psc = cen[4 * k + 1], qsr = cen[4 * k + 2], qsc = cen[4 * k + 3];
                double fr, fc;
                if (singular && det < 1e-8) {
                    fr = r + qsr - psr;
                    fc = c + qsc - psc;
                } else {
                    // (v - q*) A^-1 B + p*, row vectors, A^-1 = adj(A) / det
                    double i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;
                    double vr = r - qsr, vc = c - qsc;
                    double tr = vr * i00 + vc * i10, tc = vr * i01 + vc * i11;
                    fr = tr * m[8 * k + 4] + tc * m[8 * k + 6] + psr;
                    fc = tr * m[8 * k + 5] + tc * m[8 * k + 7] + psc;
                }
                out[k] = fr < 0 || fr > h - 1 ? 0 : fr;
                out[plane + k] = fc < 0 || fc > w - 1 ? 0 : fc;
            }
        }
        return out;
    }
}
