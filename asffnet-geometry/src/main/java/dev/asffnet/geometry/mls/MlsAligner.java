package dev.asffnet.geometry.mls;

import dev.asffnet.api.Aligner;
import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import java.util.stream.IntStream;
import org.ejml.data.DMatrix2;
import org.ejml.data.DMatrix2x2;
import org.ejml.dense.fixed.CommonOps_DDF2;

/**
 * Moving-least-squares alignment, Eqn 5: for each grid position p,
 * {@code M_p = L^g W_p L~d^T (L~d W_p L~d^T)^-1} with {@code W_p(m,m) = 1 / |p - L^d_m|^2}, and the source
 * position {@code M_p p~} in the guidance frame. A position within {@code 1e-6} of a degraded landmark maps
 * exactly to its guidance landmark. The per-position 3x3 weighted normal equations are accumulated and
 * solved as the centred 2x2 system with EJML's fixed-size {@code DMatrix2x2} operations (scalar-replaced by
 * the JIT: no allocation per position).
 *
 * <p>{@code new MlsAligner()} uses all 68 landmarks at the landmarks' own pixel scale;
 * {@link #atFeatureScale(int)} maps landmarks to feature pixels first ({@code xf = (x + 0.5) / f - 0.5},
 * conventions.md) and {@link #withSubset(int[])} restricts the control points (the authors' 512 code
 * uses 17..67, {@link #authorsSubset()}). Immutable and thread-safe.
 */
public final class MlsAligner implements Aligner {
    /** Feature downscale of the conventions (128 crops, 32x32 features). */
    public static final int FEATURE_FACTOR = 4;

    private static final double HIT2 = 1e-12;
    private static final int PARALLEL_MIN = 2048;
    private static final int PARALLEL_CHUNK = 1024;

    private final int[] indices;
    private final int factor;

    /** All 68 landmarks, grid in the landmarks' own pixels. */
    public MlsAligner() {
        this(allIndices(), 1);
    }

    /**
     * The given control-point subset (distinct indices in 0..67, at least 3), landmarks' own pixels.
     *
     * @param indices the landmark indices used as control points (copied)
     * @throws InvalidInputException if the indices are not distinct, out of range or fewer than 3
     */
    public MlsAligner(int[] indices) {
        this(checkIndices(indices), 1);
    }

    private MlsAligner(int[] indices, int factor) {
        this.indices = indices;
        this.factor = factor;
    }

    /**
     * All 68 landmarks mapped to a grid {@code factor} times coarser: {@code xf = (x + 0.5) / f - 0.5}.
     *
     * @param factor the grid downscale factor f, at least 1
     * @return the aligner
     * @throws InvalidInputException if {@code factor} is less than 1
     */
    public static MlsAligner atFeatureScale(int factor) {
        if (factor < 1) {
            throw new InvalidInputException("feature scale factor must be >= 1, got " + factor);
        }
        return new MlsAligner(allIndices(), factor);
    }

    /**
     * This aligner with control points restricted to {@code indices}.
     *
     * @param indices the landmark indices used as control points
     * @return a new aligner with this one's scale factor
     */
    public MlsAligner withSubset(int[] indices) {
        return new MlsAligner(checkIndices(indices), factor);
    }

    /**
     * Landmarks 17..67 (brows, nose, eyes, mouth; no jaw), as in the authors' ASFFNet512 code.
     *
     * @return the indices 17 to 67, in a new array
     */
    public static int[] authorsSubset() {
        int[] s = new int[51];
        for (int i = 0; i < s.length; i++) {
            s[i] = 17 + i;
        }
        return s;
    }

    /**
     * The network's warp field of conventions.md: landmarks of {@code cropSize} crops (128 for the default
     * network), all 68, mapped to feature pixels with f = 4, on a {@code cropSize/4} square grid (32x32).
     *
     * @param degraded the degraded face's landmarks in crop pixels
     * @param guidance the guidance face's landmarks in crop pixels
     * @param cropSize the crop size, a positive multiple of 4
     * @return the {@code cropSize/4} square warp field in feature pixels
     */
    public static MlsWarpField featureGrid(Landmarks degraded, Landmarks guidance, int cropSize) {
        if (cropSize < FEATURE_FACTOR || cropSize % FEATURE_FACTOR != 0) {
            throw new InvalidInputException("crop size must be a positive multiple of " + FEATURE_FACTOR + ", got " + cropSize);
        }
        int n = cropSize / FEATURE_FACTOR;
        return atFeatureScale(FEATURE_FACTOR).align(degraded, guidance, n, n);
    }

    /**
     * {@link #featureGrid(Landmarks, Landmarks, int)} for 128 crops: the 32x32 {@code warp_grid}.
     *
     * @param degraded the degraded face's landmarks in 128x128 crop pixels
     * @param guidance the guidance face's landmarks in 128x128 crop pixels
     * @return the 32x32 warp field
     */
    public static MlsWarpField featureGrid(Landmarks degraded, Landmarks guidance) {
        return featureGrid(degraded, guidance, 128);
    }

    /**
     * The control-point subset.
     *
     * @return the control-point landmark indices, in a new array
     */
    public int[] indices() {
        return indices.clone();
    }

    /**
     * The grid downscale factor.
     *
     * @return the factor f; 1 for the landmarks' own pixels
     */
    public int factor() {
        return factor;
    }

    @Override
    public MlsWarpField align(Landmarks degraded, Landmarks guidance, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("grid size must be positive, got " + width + "x" + height);
        }
        Controls c = controls(degraded, guidance);
        int n = width * height;
        double[] px = new double[n];
        double[] py = new double[n];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                px[i] = x;
                py[i] = y;
            }
        }
        double[] sx = new double[n];
        double[] sy = new double[n];
        solve(c, px, py, sx, sy);
        checkFinite(sx, sy, width);
        return new MlsWarpField(width, height, sx, sy);
    }

    /**
     * Eqn 5 at one arbitrary position {@code (x, y)} of this aligner's grid frame: the source position
     * {@code {x', y'}} in the guidance frame (same units).
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @param x grid x
     * @param y grid y
     * @return {@code {x', y'}}
     */
    public double[] map(Landmarks degraded, Landmarks guidance, double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new InvalidInputException("position is not finite: (" + x + ", " + y + ")");
        }
        Controls c = controls(degraded, guidance);
        double[] sx = new double[1];
        double[] sy = new double[1];
        solve(c, new double[] {x}, new double[] {y}, sx, sy);
        checkFinite(sx, sy, 1);
        return new double[] {sx[0], sy[0]};
    }

    /** Control points: degraded (d) and guidance (g) landmarks of the subset, in grid units. */
    private record Controls(int n, double[] dx, double[] dy, double[] gx, double[] gy) {
    }

    private Controls controls(Landmarks degraded, Landmarks guidance) {
        Checks.landmarks(degraded, "degraded");
        Checks.landmarks(guidance, "guidance");
        int n = indices.length;
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] gx = new double[n];
        double[] gy = new double[n];
        for (int j = 0; j < n; j++) {
            int m = indices[j];
            dx[j] = toGrid(degraded.x(m));
            dy[j] = toGrid(degraded.y(m));
            gx[j] = toGrid(guidance.x(m));
            gy[j] = toGrid(guidance.y(m));
        }
        // the weighted scatter of L^d is positive definite at every p iff L^d is not collinear
        double mx = 0, my = 0;
        for (int j = 0; j < n; j++) {
            mx += dx[j];
            my += dy[j];
        }
        mx /= n;
        my /= n;
        double cxx = 0, cxy = 0, cyy = 0;
        for (int j = 0; j < n; j++) {
            double ex = dx[j] - mx;
            double ey = dy[j] - my;
            cxx += ex * ex;
            cxy += ex * ey;
            cyy += ey * ey;
        }
        double tr = cxx + cyy;
        if (!(cxx * cyy - cxy * cxy > Checks.DEGENERACY_TOL * tr * tr)) {
            throw new DegenerateLandmarksException("degraded control landmarks are " + (tr > 0 ? "collinear" : "coincident")
                    + ": the MLS normal matrix of Eqn 5 is singular at every position");
        }
        return new Controls(n, dx, dy, gx, gy);
    }

    private double toGrid(double v) {
        return factor == 1 ? v : (v + 0.5) / factor - 0.5;
    }

    private static void checkFinite(double[] sx, double[] sy, int width) {
        for (int i = 0; i < sx.length; i++) {
            if (!Double.isFinite(sx[i]) || !Double.isFinite(sy[i])) {
                throw new DegenerateLandmarksException("MLS normal matrix of Eqn 5 is singular at grid position ("
                        + i % width + ", " + i / width + "): degraded landmarks are (locally) collinear");
            }
        }
    }

    /**
     * Eqn 5 for positions (px, py): per position, one pass over the control points accumulates the moments
     * of the 3x3 weighted normal equations about p (so {@code w |d - p|^2 = 1} keeps them bounded), then the
     * centred 2x2 system is solved with {@code CommonOps_DDF2} ({@code L = B C^-1}). A position within 1e-6
     * of a control point gets that point's guidance landmark (the highest index when several coincide, as in
     * the Python reference); NaN marks a singular system. Large grids are split over the common fork-join pool.
     */
    private static void solve(Controls c, double[] px, double[] py, double[] outX, double[] outY) {
        int count = px.length;
        double gmx = 0, gmy = 0;
        for (int j = 0; j < c.n; j++) {
            gmx += c.gx[j];
            gmy += c.gy[j];
        }
        gmx /= c.n;
        gmy /= c.n;
        double[] gx = new double[c.n];
        double[] gy = new double[c.n];
        for (int j = 0; j < c.n; j++) {
            gx[j] = c.gx[j] - gmx;
            gy[j] = c.gy[j] - gmy;
        }
        double ox = gmx;
        double oy = gmy;
        if (count < PARALLEL_MIN) {
            solveRange(c, gx, gy, ox, oy, px, py, outX, outY, 0, count);
            return;
        }
        int chunks = (count + PARALLEL_CHUNK - 1) / PARALLEL_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(k -> solveRange(c, gx, gy, ox, oy, px, py, outX, outY,
                k * PARALLEL_CHUNK, Math.min(count, (k + 1) * PARALLEL_CHUNK)));
    }

    private static void solveRange(Controls c, double[] gx, double[] gy, double gmx, double gmy, double[] px,
            double[] py, double[] outX, double[] outY, int from, int to) {
        double[] dx = c.dx;
        double[] dy = c.dy;
        int n = c.n;
        for (int i = from; i < to; i++) {
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
                outX[i] = c.gx[hit];
                outY[i] = c.gy[hit];
                continue;
            }
            double mx = sx / sw; // weighted centroid of L^d, relative to p
            double my = sy / sw;
            // centred weighted scatter C of L^d (w |e|^2 = 1 for every control point gives syy = n - sxx)
            double cxy = sxy - sx * my;
            DMatrix2x2 cm = new DMatrix2x2(sxx - sx * mx, cxy, cxy, (n - sxx) - sy * my);
            double tr = CommonOps_DDF2.trace(cm);
            if (!(CommonOps_DDF2.det(cm) > Checks.DEGENERACY_TOL * tr * tr)) {
                outX[i] = Double.NaN;
                outY[i] = Double.NaN;
                continue;
            }
            // linear part L = B C^-1 with the centred cross terms B; source = q* + L (p - d*) = q* - L (mx, my)
            DMatrix2x2 cinv = new DMatrix2x2();
            CommonOps_DDF2.invert(cm, cinv);
            DMatrix2x2 l = new DMatrix2x2();
            CommonOps_DDF2.mult(new DMatrix2x2(kxx - sgx * mx, kxy - sgx * my, kyx - sgy * mx, kyy - sgy * my), cinv, l);
            DMatrix2 lm = new DMatrix2();
            CommonOps_DDF2.mult(l, new DMatrix2(mx, my), lm);
            outX[i] = gmx + sgx / sw - lm.a1; // q* = weighted centroid of L^g (relative to its mean)
            outY[i] = gmy + sgy / sw - lm.a2;
        }
    }

    private static int[] allIndices() {
        int[] a = new int[Landmarks.COUNT];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    private static int[] checkIndices(int[] indices) {
        if (indices == null || indices.length < 3) {
            throw new InvalidInputException("MLS needs at least 3 control landmarks, got "
                    + (indices == null ? "null" : indices.length));
        }
        boolean[] seen = new boolean[Landmarks.COUNT];
        for (int i : indices) {
            if (i < 0 || i >= Landmarks.COUNT) {
                throw new InvalidInputException("landmark index " + i + " outside 0.." + (Landmarks.COUNT - 1));
            }
            if (seen[i]) {
                throw new InvalidInputException("landmark index " + i + " repeated in the MLS subset");
            }
            seen[i] = true;
        }
        return indices.clone();
    }
}
