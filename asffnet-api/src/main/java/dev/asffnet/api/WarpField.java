package dev.asffnet.api;

/**
 * A dense backward warp: for each integer position (x, y) of a {@code width x height} grid in the degraded
 * face's frame, the position in the guidance frame to sample from (Eqn 5, evaluated per position).
 */
public interface WarpField {
    int width();

    int height();

    double sourceX(int x, int y);

    double sourceY(int x, int y);
}
