package dev.asffnet.geometry.crop;

import dev.asffnet.api.Affine2D;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;

/**
 * A 2-D similarity {@code (x, y) -> (a x - b y + tx, b x + a y + ty)} (rotation, uniform scale, translation),
 * the canonical-crop framing of conventions.md in either direction.
 *
 * @param a scale times the cosine of the rotation
 * @param b scale times the sine of the rotation
 * @param tx x translation
 * @param ty y translation
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {
    /**
     * Checks that the parameters are finite and the scale is not zero.
     *
     * @param a scale times the cosine of the rotation
     * @param b scale times the sine of the rotation
     * @param tx x translation
     * @param ty y translation
     * @throws InvalidInputException if a parameter is not finite or the scale is zero
     */
    public SimilarityTransform {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(tx) || !Double.isFinite(ty)) {
            throw new InvalidInputException("similarity parameters must be finite: " + a + ", " + b + ", " + tx + ", " + ty);
        }
        if (a == 0 && b == 0) {
            throw new InvalidInputException("similarity with zero scale is not invertible");
        }
    }

    /**
     * The x coordinate of the image of {@code (x, y)}.
     *
     * @param x input x
     * @param y input y
     * @return the mapped x
     */
    public double applyX(double x, double y) {
        return a * x - b * y + tx;
    }

    /**
     * The y coordinate of the image of {@code (x, y)}.
     *
     * @param x input x
     * @param y input y
     * @return the mapped y
     */
    public double applyY(double x, double y) {
        return b * x + a * y + ty;
    }

    /**
     * The image of {@code (x, y)} as {x', y'}.
     *
     * @param x input x
     * @param y input y
     * @return {@code {x', y'}}
     */
    public double[] apply(double x, double y) {
        return new double[] {applyX(x, y), applyY(x, y)};
    }

    /**
     * The landmarks mapped by this transform.
     *
     * @param l the landmarks
     * @return the mapped landmarks
     */
    public Landmarks apply(Landmarks l) {
        return l.transformed(a, -b, tx, b, a, ty);
    }

    /**
     * Scale factor {@code sqrt(a^2 + b^2)}.
     *
     * @return the scale factor
     */
    public double scale() {
        return Math.hypot(a, b);
    }

    /**
     * The inverse similarity.
     *
     * @return the inverse
     */
    public SimilarityTransform inverse() {
        double n = a * a + b * b;
        double ia = a / n;
        double ib = -b / n;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /** @return this similarity as a general affine map */
    public Affine2D toAffine() {
        return new Affine2D(a, -b, tx, b, a, ty);
    }
}
