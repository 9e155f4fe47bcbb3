package dev.asffnet.geometry.mls;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.WarpField;

/**
 * A dense backward warp stored as two row-major double arrays: for each integer position p of a
 * {@code width x height} grid, the source position {@code M_p p~} of Eqn 5 (or any other per-position
 * map). Immutable.
 */
public final class MlsWarpField implements WarpField {
    private final int width;
    private final int height;
    private final double[] sx;
    private final double[] sy;

    MlsWarpField(int width, int height, double[] sx, double[] sy) {
        this.width = width;
        this.height = height;
        this.sx = sx;
        this.sy = sy;
    }

    /**
     * A field from row-major source coordinates (copied).
     *
     * @param width grid width
     * @param height grid height
     * @param sourceX row-major source x per grid position
     * @param sourceY row-major source y per grid position
     * @return the field
     * @throws InvalidInputException on non-positive sizes, wrong lengths or non-finite values
     */
    public static MlsWarpField of(int width, int height, double[] sourceX, double[] sourceY) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("warp field size must be positive, got " + width + "x" + height);
        }
        long n = (long) width * height;
        if (sourceX == null || sourceY == null || sourceX.length != n || sourceY.length != n) {
            throw new InvalidInputException("expected " + n + " source coordinates per axis for a " + width + "x"
                    + height + " field");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(sourceX[i]) || !Double.isFinite(sourceY[i])) {
                throw new InvalidInputException("source position " + i + " is not finite");
            }
        }
        return new MlsWarpField(width, height, sourceX.clone(), sourceY.clone());
    }

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
        return sx[index(x, y)];
    }

    @Override
    public double sourceY(int x, int y) {
        return sy[index(x, y)];
    }

    private int index(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new InvalidInputException("position (" + x + ", " + y + ") outside the " + width + "x" + height + " field");
        }
        return y * width + x;
    }

    /**
     * A copy of the row-major source x coordinates.
     *
     * @return {@code width x height} values, row-major
     */
    public double[] sourceXs() {
        return sx.clone();
    }

    /**
     * A copy of the row-major source y coordinates.
     *
     * @return {@code width x height} values, row-major
     */
    public double[] sourceYs() {
        return sy.clone();
    }

    /**
     * The {@code [H, W, 2]} float32 grid in {@code (x, y)} order for
     * {@code grid_sample(align_corners=True)}: {@code g = 2 * src / (size - 1) - 1} per axis (conventions.md);
     * an axis of size 1 maps to 0.
     *
     * @return {@code height x width x 2} values, row-major
     */
    public float[] toNormalizedGrid() {
        return normalizedGrid(this);
    }

    /**
     * Any warp field as the {@code [H, W, 2]} float32 grid of {@link #toNormalizedGrid()}.
     *
     * @param f the field, in its own grid's pixels
     * @return the normalised grid in {@code (x, y)} order
     */
    public static float[] normalizedGrid(WarpField f) {
        int width = f.width();
        int height = f.height();
        float[] g = new float[2 * width * height];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                double sx = f.sourceX(x, y);
                double sy = f.sourceY(x, y);
                if (!Double.isFinite(sx) || !Double.isFinite(sy)) {
                    throw new InvalidInputException("warp field has a non-finite source at (" + x + ", " + y + ")");
                }
                g[2 * i] = (float) (width > 1 ? 2.0 * sx / (width - 1) - 1.0 : 0.0);
                g[2 * i + 1] = (float) (height > 1 ? 2.0 * sy / (height - 1) - 1.0 : 0.0);
            }
        }
        return g;
    }
}
