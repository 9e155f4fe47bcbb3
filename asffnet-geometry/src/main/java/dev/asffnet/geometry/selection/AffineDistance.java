package dev.asffnet.geometry.selection;

import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;

/**
 * Weighted affine distance between landmark sets (Eqn 2) and its closed-form weighted least-squares affine
 * map (Eqn 3): {@code A = L^d W L~g^T (L~g W L~g^T)^-1}, a 2x3 matrix taking homogeneous guidance points to
 * degraded points, and {@code D_a^2 = sum_m w_m |A L~g_m - L^d_m|^2}.
 *
 * <p>Weights must be 68 finite, non-negative values that are not all zero
 * ({@link dev.asffnet.api.InvalidInputException} otherwise); guidance points with non-zero weight that
 * are coincident or collinear make the normal matrix singular
 * ({@link dev.asffnet.api.DegenerateLandmarksException}, by a relative condition test). Results are never NaN.
 */
public final class AffineDistance {
    private AffineDistance() {
    }

    /**
     * Eqn 3: the 2x3 affine map {@code A} (rows {@code [a b tx]}, {@code [c d ty]}) from guidance to degraded.
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @param weights the 68 landmark weights w_m
     * @return the 2x3 matrix {@code A}
     */
    public static double[][] fit(Landmarks degraded, Landmarks guidance, double[] weights) {
        WeightedQuery q = new WeightedQuery(degraded, weights);
        double[] mom = new double[WeightedQuery.MOMENTS];
        q.moments(Checks.landmarks(guidance, "guidance"), mom);
        return q.fit(mom, -1);
    }

    /**
     * Eqn 2: the weighted squared affine distance {@code D_a^2(L^d, L^g)}.
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @param weights the 68 landmark weights w_m
     * @return the squared distance, never NaN
     */
    public static double squared(Landmarks degraded, Landmarks guidance, double[] weights) {
        WeightedQuery q = new WeightedQuery(degraded, weights);
        double[] mom = new double[WeightedQuery.MOMENTS];
        q.moments(Checks.landmarks(guidance, "guidance"), mom);
        return q.distance(mom, -1);
    }

    /**
     * Eqn 2 with uniform weights.
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @return the squared distance, never NaN
     */
    public static double squared(Landmarks degraded, Landmarks guidance) {
        return squared(degraded, guidance, LandmarkWeights.uniform().toArray());
    }

    /**
     * Per-landmark squared residuals {@code |A L~g_m - L^d_m|^2} at the WLS solution {@code A(w)}. By the
     * envelope theorem these are exactly the partial derivatives {@code dD_a^2/dw_m} (A minimises the
     * weighted residual, so its own dependence on w contributes nothing).
     *
     * @param degraded the degraded face's landmarks L^d
     * @param guidance the guidance face's landmarks L^g
     * @param weights the 68 landmark weights w_m
     * @return 68 squared residuals, one per landmark
     */
    public static double[] residualsSquared(Landmarks degraded, Landmarks guidance, double[] weights) {
        double[][] a = fit(degraded, guidance, weights);
        double[] r = new double[Landmarks.COUNT];
        for (int m = 0; m < Landmarks.COUNT; m++) {
            double gx = guidance.x(m);
            double gy = guidance.y(m);
            double ex = a[0][0] * gx + a[0][1] * gy + a[0][2] - degraded.x(m);
            double ey = a[1][0] * gx + a[1][1] * gy + a[1][2] - degraded.y(m);
            r[m] = ex * ex + ey * ey;
        }
        return r;
    }
}
