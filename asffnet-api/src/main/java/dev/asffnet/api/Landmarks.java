package dev.asffnet.api;

import java.util.Arrays;

/**
 * The 68 facial landmarks of one face in iBUG 300-W order (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47,
 * mouth 48-67), as pixel coordinates (x = column, y = row, pixel centres at integers) of the image they
 * were found on. These are the sets L^d and L^g of the paper's Eqns 2-5. Immutable.
 */
public final class Landmarks {
    /** Number of points in the iBUG 68-point scheme. */
    public static final int COUNT = 68;

    private final double[] xy;

    private Landmarks(double[] xy) {
        this.xy = xy;
    }

    /**
     * Landmarks from interleaved coordinates {@code x0,y0,x1,y1,...,x67,y67}.
     *
     * @param xy 136 interleaved coordinates (copied)
     * @return the landmarks
     * @throws InvalidLandmarksException if the array is null, does not hold 136 values, or holds NaN or infinity
     */
    public static Landmarks of(double[] xy) {
        if (xy == null) {
            throw new InvalidLandmarksException("landmark array is null; expected " + 2 * COUNT + " values x0,y0,...,x67,y67");
        }
        if (xy.length != 2 * COUNT) {
            throw new InvalidLandmarksException("expected " + COUNT + " landmarks (" + 2 * COUNT
                    + " values x0,y0,...), got " + xy.length + " values");
        }
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new InvalidLandmarksException("landmark " + i / 2 + " has a non-finite "
                        + (i % 2 == 0 ? "x" : "y") + " coordinate: " + xy[i]);
            }
        }
        return new Landmarks(xy.clone());
    }

    /**
     * Landmarks from float coordinates, see {@link #of(double[])}.
     *
     * @param xy 136 interleaved coordinates
     * @return the landmarks
     * @throws InvalidLandmarksException as {@link #of(double[])}
     */
    public static Landmarks of(float[] xy) {
        if (xy == null) {
            return of((double[]) null);
        }
        double[] d = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            d[i] = xy[i];
        }
        return of(d);
    }

    /**
     * The x coordinate of landmark {@code i}.
     *
     * @param i landmark index, 0 to 67
     * @return its x (column)
     */
    public double x(int i) {
        return xy[2 * i];
    }

    /**
     * The y coordinate of landmark {@code i}.
     *
     * @param i landmark index, 0 to 67
     * @return its y (row)
     */
    public double y(int i) {
        return xy[2 * i + 1];
    }

    /**
     * Mean position {x, y} of landmarks {@code from} (inclusive) to {@code to} (exclusive), e.g. 36..42 for
     * the right eye centre.
     *
     * @param from first landmark index (inclusive)
     * @param to last landmark index (exclusive)
     * @return {@code {x, y}} of the mean position
     * @throws InvalidInputException for an empty or out-of-range index range
     */
    public double[] centroid(int from, int to) {
        if (from < 0 || to > COUNT || from >= to) {
            throw new InvalidInputException("landmark range [" + from + ", " + to + ") is empty or outside 0..68");
        }
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += xy[2 * i];
            sy += xy[2 * i + 1];
        }
        return new double[] {sx / (to - from), sy / (to - from)};
    }

    /**
     * A copy of the interleaved coordinates.
     *
     * @return {@code x0,y0,...,x67,y67} in a new array
     */
    public double[] toArray() {
        return xy.clone();
    }

    /**
     * The landmark error used throughout (300-W's normalised mean error): the mean distance of the 68 points
     * to those of {@code reference}, over the reference's outer-eye-corner distance (points 36 and 45).
     *
     * @param reference the landmarks compared with, of the same face
     * @return the mean point distance in units of the reference's outer-eye-corner distance
     * @throws DegenerateLandmarksException if the reference's outer eye corners coincide
     */
    public double normalisedError(Landmarks reference) {
        double iod = Math.hypot(reference.x(45) - reference.x(36), reference.y(45) - reference.y(36));
        if (!(iod > 0)) {
            throw new DegenerateLandmarksException("the reference landmarks' outer eye corners (36, 45) coincide:"
                    + " no scale to normalise the error by; pass landmarks of a face");
        }
        double sum = 0;
        for (int i = 0; i < COUNT; i++) {
            sum += Math.hypot(x(i) - reference.x(i), y(i) - reference.y(i));
        }
        return sum / COUNT / iod;
    }

    /**
     * These landmarks with every coordinate multiplied by {@code s} (a change of pixel scale).
     *
     * @param s the scale factor
     * @return the scaled landmarks
     */
    public Landmarks scaled(double s) {
        return transformed(s, 0, 0, 0, s, 0);
    }

    /**
     * These landmarks under the affine map {@code x' = a*x + b*y + c, y' = d*x + e*y + f}.
     *
     * @param a x coefficient of x'
     * @param b y coefficient of x'
     * @param c offset of x'
     * @param d x coefficient of y'
     * @param e y coefficient of y'
     * @param f offset of y'
     * @return the transformed landmarks
     */
    public Landmarks transformed(double a, double b, double c, double d, double e, double f) {
        double[] out = new double[xy.length];
        for (int i = 0; i < COUNT; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            out[2 * i] = a * x + b * y + c;
            out[2 * i + 1] = d * x + e * y + f;
        }
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Landmarks other && Arrays.equals(xy, other.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "Landmarks[68 points, first=(" + xy[0] + ", " + xy[1] + ")]";
    }
}
