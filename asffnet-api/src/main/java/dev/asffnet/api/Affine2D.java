package dev.asffnet.api;

/**
 * A 2D affine map {@code (x, y) -> (a*x + b*y + c, d*x + e*y + f)}, for example from a restored crop's
 * pixels to the caller's input pixels ({@link RestoreResult#cropToInput()}). Pixel centres sit at integer
 * coordinates (docs/conventions.md).
 *
 * @param a x coefficient of x'
 * @param b y coefficient of x'
 * @param c offset of x'
 * @param d x coefficient of y'
 * @param e y coefficient of y'
 * @param f offset of y'
 */
public record Affine2D(double a, double b, double c, double d, double e, double f) {
    /** The identity map. */
    public static final Affine2D IDENTITY = new Affine2D(1, 0, 0, 0, 1, 0);

    /**
     * Checks that every coefficient is finite.
     *
     * @param a x coefficient of x'
     * @param b y coefficient of x'
     * @param c offset of x'
     * @param d x coefficient of y'
     * @param e y coefficient of y'
     * @param f offset of y'
     * @throws InvalidInputException if a coefficient is not finite
     */
    public Affine2D {
        for (double v : new double[] {a, b, c, d, e, f}) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("affine coefficients must be finite, got " + v);
            }
        }
    }

    /**
     * @param x input x
     * @param y input y
     * @return the mapped x
     */
    public double applyX(double x, double y) {
        return a * x + b * y + c;
    }

    /**
     * @param x input x
     * @param y input y
     * @return the mapped y
     */
    public double applyY(double x, double y) {
        return d * x + e * y + f;
    }

    /** @return the determinant of the linear part */
    public double determinant() {
        return a * e - b * d;
    }

    /**
     * @return the inverse map
     * @throws InvalidInputException if the map is singular
     */
    public Affine2D inverse() {
        double det = determinant();
        if (Math.abs(det) < 1e-300) {
            throw new InvalidInputException("affine map is singular (determinant " + det + ")");
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new Affine2D(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /**
     * @param first the map applied first
     * @return {@code this(first(p))}
     */
    public Affine2D after(Affine2D first) {
        return new Affine2D(a * first.a + b * first.d, a * first.b + b * first.e, a * first.c + b * first.f + c,
                d * first.a + e * first.d, d * first.b + e * first.e, d * first.c + e * first.f + f);
    }

    /**
     * @param l landmarks in the source frame
     * @return the landmarks mapped into the target frame
     */
    public Landmarks apply(Landmarks l) {
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < Landmarks.COUNT; i++) {
            xy[2 * i] = applyX(l.x(i), l.y(i));
            xy[2 * i + 1] = applyY(l.x(i), l.y(i));
        }
        return Landmarks.of(xy);
    }
}
