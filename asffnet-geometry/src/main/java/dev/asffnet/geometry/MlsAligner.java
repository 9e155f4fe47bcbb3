package dev.asffnet.geometry;

import dev.asffnet.api.Aligner;
import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import java.util.Arrays;

/**
 * Moving-least-squares alignment, Eqn 5: for each grid position p,
 * {@code M_p = L^g W_p L~d^T (L~d W_p L~d^T)^-1} with {@code W_p(m,m) = 1 / |p - L^d_m|^2}, and the source
 * position {@code M_p p~} in the guidance frame. A position within {@code 1e-6} of a degraded landmark maps
 * exactly to its guidance landmark. The per-position 3x3 weighted normal equations are accumulated and
 * solved in closed form (centred 2x2), vectorisable over tiles of positions.
 *
 * <p>{@code new MlsAligner()} uses all 68 landmarks at the landmarks' own pixel scale;
 * {@link #atFeatureScale(int)} maps landmarks to feature pixels first ({@code xf = (x + 0.5) / f - 0.5},
 * conventions.md) and {@link #withSubset(int[])} restricts the control points (the authors' 512 code
 * uses 17..67, {@link #authorsSubset()}). Immutable and thread-safe.
 */
public final class MlsAligner implements Aligner {
    /** Feature downscale of the conventions (128 crops, 32x32 features). */
    public static final int FEATURE_FACTOR = 4;

    private static final int TILE = 256;
    private static final double HIT2 = 1e-12;

    private final int[] indices;
    private final int factor;

    /** All 68 landmarks, grid in the landmarks' own pixels. */
    public MlsAligner() {
        this(allIndices(), 1);
    }

    /** The given control-point subset (distinct indices in 0..67, at least 3), landmarks' own pixels. */
    public MlsAligner(int[] indices) {
        this(checkIndices(indices), 1);
    }

    private MlsAligner(int[] indices, int factor) {
        this.indices = indices;
        this.factor = factor;
    }

    /** All 68 landmarks mapped to a grid {@code factor} times coarser: {@code xf = (x + 0.5) / f - 0.5}. */
    public static MlsAligner atFeatureScale(int factor) {
        if (factor < 1) {
            throw new InvalidInputException("feature scale factor must be >= 1, got " + factor);
        }
        return new MlsAligner(allIndices(), factor);
    }

    /** This aligner with control points restricted to {@code indices}. */
    public MlsAligner withSubset(int[] indices) {
        return new MlsAligner(checkIndices(indices), factor);
    }

    /** Landmarks 17..67 (brows, nose, eyes, mouth; no jaw), as in the authors' ASFFNet512 code. */
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
     */
    public static MlsWarpField featureGrid(Landmarks degraded, Landmarks guidance, int cropSize) {
        if (cropSize < FEATURE_FACTOR || cropSize % FEATURE_FACTOR != 0) {
            throw new InvalidInputException("crop size must be a positive multiple of " + FEATURE_FACTOR + ", got " + cropSize);
        }
        int n = cropSize / FEATURE_FACTOR;
        return atFeatureScale(FEATURE_FACTOR).align(degraded, guidance, n, n);
    }

    /** {@link #featureGrid(Landmarks, Landmarks, int)} for 128 crops: the 32x32 {@code warp_grid}. */
    public static MlsWarpField featureGrid(Landmarks degraded, Landmarks guidance) {
        return featureGrid(degraded, guidance, 128);
    }

    public int[] indices() {
        return indices.clone();
    }

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
        // exact hits: only a landmark within 1e-6 of an integer position can hit the grid; when several
        // landmarks hit one position the highest index wins (as in the Python reference)
        for (int j = 0; j < c.n; j++) {
            long rx = Math.round(c.dx[j]);
            long ry = Math.round(c.dy[j]);
            if (rx >= 0 && rx < width && ry >= 0 && ry < height) {
                double ex = c.dx[j] - rx;
                double ey = c.dy[j] - ry;
                if (ex * ex + ey * ey < HIT2) {
                    int i = (int) ry * width + (int) rx;
                    sx[i] = c.gx[j];
                    sy[i] = c.gy[j];
                }
            }
        }
        checkFinite(sx, sy, width);
        return new MlsWarpField(width, height, sx, sy);
    }

    /**
     * Eqn 5 at one arbitrary position {@code (x, y)} of this aligner's grid frame: the source position
     * {@code {x', y'}} in the guidance frame (same units).
     */
    public double[] map(Landmarks degraded, Landmarks guidance, double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new InvalidInputException("position is not finite: (" + x + ", " + y + ")");
        }
        Controls c = controls(degraded, guidance);
        for (int j = c.n - 1; j >= 0; j--) {
            double ex = c.dx[j] - x;
            double ey = c.dy[j] - y;
            if (ex * ex + ey * ey < HIT2) {
                return new double[] {c.gx[j], c.gy[j]};
            }
        }
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
        if (!(cxx * cyy - cxy * cxy > WeightedQuery.DEGENERACY_TOL * tr * tr)) {
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
     * Eqn 5 for positions (px, py): accumulates, per tile of positions and per control point, the moments of
     * the 3x3 weighted normal equations about p (so {@code w |d - p|^2 = 1} keeps them bounded), then solves
     * the centred 2x2 system. Writes NaN where the system is singular (or where p is a control point; the
     * callers substitute the exact guidance landmark there).
     */
    private static void solve(Controls c, double[] px, double[] py, double[] outX, double[] outY) {
        int count = px.length;
        int t = Math.min(TILE, count);
        double[] aw = new double[t], ax = new double[t], ay = new double[t];
        double[] axx = new double[t], axy = new double[t], ayy = new double[t];
        double[] agx = new double[t], agy = new double[t];
        double[] bxx = new double[t], bxy = new double[t], byx = new double[t], byy = new double[t];
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
        for (int start = 0; start < count; start += t) {
            int len = Math.min(t, count - start);
            Arrays.fill(aw, 0);
            Arrays.fill(ax, 0);
            Arrays.fill(ay, 0);
            Arrays.fill(axx, 0);
            Arrays.fill(axy, 0);
            Arrays.fill(ayy, 0);
            Arrays.fill(agx, 0);
            Arrays.fill(agy, 0);
            Arrays.fill(bxx, 0);
            Arrays.fill(bxy, 0);
            Arrays.fill(byx, 0);
            Arrays.fill(byy, 0);
            for (int j = 0; j < c.n; j++) {
                double dxj = c.dx[j];
                double dyj = c.dy[j];
                double gxj = gx[j];
                double gyj = gy[j];
                for (int i = 0; i < len; i++) {
                    double ex = dxj - px[start + i];
                    double ey = dyj - py[start + i];
                    double w = 1.0 / (ex * ex + ey * ey);
                    double wx = w * ex;
                    double wy = w * ey;
                    aw[i] += w;
                    ax[i] += wx;
                    ay[i] += wy;
                    axx[i] += wx * ex;
                    axy[i] += wx * ey;
                    ayy[i] += wy * ey;
                    agx[i] += w * gxj;
                    agy[i] += w * gyj;
                    bxx[i] += gxj * wx;
                    bxy[i] += gxj * wy;
                    byx[i] += gyj * wx;
                    byy[i] += gyj * wy;
                }
            }
            for (int i = 0; i < len; i++) {
                double sw = aw[i];
                double mx = ax[i] / sw; // weighted centroid of L^d minus p
                double my = ay[i] / sw;
                double cxx = axx[i] - ax[i] * mx;
                double cxy = axy[i] - ax[i] * my;
                double cyy = ayy[i] - ay[i] * my;
                double tr = cxx + cyy;
                double det = cxx * cyy - cxy * cxy;
                if (!(det > WeightedQuery.DEGENERACY_TOL * tr * tr)) {
                    outX[start + i] = Double.NaN;
                    outY[start + i] = Double.NaN;
                    continue;
                }
                double qx = agx[i] / sw; // weighted centroid of L^g (minus its mean)
                double qy = agy[i] / sw;
                double kxx = bxx[i] - agx[i] * mx;
                double kxy = bxy[i] - agx[i] * my;
                double kyx = byx[i] - agy[i] * mx;
                double kyy = byy[i] - agy[i] * my;
                // linear part L = K C^-1; source = q* + L (p - d*) = q* - L (mx, my)
                double l00 = (kxx * cyy - kxy * cxy) / det;
                double l01 = (kxy * cxx - kxx * cxy) / det;
                double l10 = (kyx * cyy - kyy * cxy) / det;
                double l11 = (kyy * cxx - kyx * cxy) / det;
                outX[start + i] = gmx + qx - (l00 * mx + l01 * my);
                outY[start + i] = gmy + qy - (l10 * mx + l11 * my);
            }
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
