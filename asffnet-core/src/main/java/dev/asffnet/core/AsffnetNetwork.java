package dev.asffnet.core;

import dev.asffnet.api.InvalidInputException;

/**
 * The ASFFNet network's forward pass (feature extractors, MLS warp of guidance features by a given grid,
 * AdaIN, ASFF blocks, reconstruction) as a backend runs it. Inputs follow {@code docs/conventions.md}:
 * batch-major, float32, images NCHW in [0,1] at {@link #size()}, the warp grid {@code [N, size/4, size/4, 2]}
 * normalised for align-corners bilinear sampling, the landmark map {@code [N,1,size,size]}.
 * Implementations are thread-safe and own native resources.
 */
public interface AsffnetNetwork extends AutoCloseable {
    /** Native image side (128 for the default model). */
    int size();

    /**
     * Runs {@code n} samples and returns the restored images, {@code [n,3,size,size]}, unclamped.
     */
    float[] forward(int n, float[] degraded, float[] guidance, float[] warpGrid, float[] landmarkMap);

    @Override
    void close();

    /**
     * Checks the lengths of one forward call's inputs for {@code n} samples at native side {@code size}.
     *
     * @throws InvalidInputException naming the first input of the wrong length
     */
    static void checkInputs(int n, int size, float[] degraded, float[] guidance, float[] warpGrid,
            float[] landmarkMap) {
        if (n < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + n);
        }
        long s = size;
        long g = s / 4;
        check("degraded", degraded, n * 3 * s * s);
        check("guidance", guidance, n * 3 * s * s);
        check("warp_grid", warpGrid, n * g * g * 2);
        check("landmark_map", landmarkMap, n * s * s);
    }

    private static void check(String name, float[] data, long expected) {
        if (data == null || data.length != expected) {
            throw new InvalidInputException("input '" + name + "' must hold " + expected + " floats, got "
                    + (data == null ? "null" : data.length));
        }
    }
}
