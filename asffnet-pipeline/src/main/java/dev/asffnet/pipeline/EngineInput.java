package dev.asffnet.pipeline;

import dev.asffnet.api.InvalidInputException;

/**
 * One network call's inputs, named as in docs/conventions.md: {@code batch} samples, float32, batch-major,
 * images NCHW in [0,1] at the native side {@code size}, the MLS warp grid {@code [batch, size/4, size/4, 2]}
 * normalised for align-corners bilinear sampling (Eqn 6), the landmark map {@code [batch,1,size,size]}.
 * The arrays are shared, not copied: callers must not change them while a call runs.
 *
 * @param batch number of samples, at least 1
 * @param size native image side (128 for the default model)
 * @param degraded {@code [batch,3,size,size]} degraded faces I^d, canonical crops
 * @param guidance {@code [batch,3,size,size]} selected exemplars I^g_{k*}, canonical crops
 * @param warpGrid {@code [batch,size/4,size/4,2]} MLS backward grid (Eqn 5)
 * @param landmarkMap {@code [batch,1,size,size]} degraded landmarks drawn as 1 on 0
 */
public record EngineInput(int batch, int size, float[] degraded, float[] guidance, float[] warpGrid,
        float[] landmarkMap) {
    /**
     * Checks the sizes and every array's length.
     *
     * @param batch number of samples
     * @param size native image side
     * @param degraded the degraded faces
     * @param guidance the selected exemplars
     * @param warpGrid the MLS backward grid
     * @param landmarkMap the landmark maps
     * @throws InvalidInputException naming the first input of the wrong length
     */
    public EngineInput {
        if (batch < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + batch);
        }
        if (size < 4 || size % 4 != 0) {
            throw new InvalidInputException("native size must be a positive multiple of 4, got " + size);
        }
        long s = size;
        long g = s / 4;
        check("degraded", degraded, batch * 3 * s * s);
        check("guidance", guidance, batch * 3 * s * s);
        check("warp_grid", warpGrid, batch * g * g * 2);
        check("landmark_map", landmarkMap, batch * s * s);
    }

    /** @return the side of the feature grid, {@code size / 4} */
    public int gridSize() {
        return size / 4;
    }

    private static void check(String name, float[] data, long expected) {
        if (data == null || data.length != expected) {
            throw new InvalidInputException("input '" + name + "' must hold " + expected + " floats, got "
                    + (data == null ? "null" : data.length));
        }
    }
}
