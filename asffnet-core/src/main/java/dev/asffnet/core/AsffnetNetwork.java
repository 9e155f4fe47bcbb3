package dev.asffnet.core;

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
}
