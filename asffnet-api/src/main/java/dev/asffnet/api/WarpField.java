package dev.asffnet.api;

/**
 * A dense backward warp: for each integer position (x, y) of a {@code width x height} grid in the degraded
 * face's frame, the position in the guidance frame to sample from (Eqn 5, evaluated per position).
 */
public interface WarpField {
    /**
     * Width of the grid.
     *
     * @return the grid width
     */
    int width();

    /**
     * Height of the grid.
     *
     * @return the grid height
     */
    int height();

    /**
     * Source x for grid position (x, y).
     *
     * @param x grid column
     * @param y grid row
     * @return the x to sample in the guidance frame
     */
    double sourceX(int x, int y);

    /**
     * Source y for grid position (x, y).
     *
     * @param x grid column
     * @param y grid row
     * @return the y to sample in the guidance frame
     */
    double sourceY(int x, int y);
}
