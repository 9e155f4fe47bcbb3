package dev.asffnet.pipeline;

/**
 * The ASFFNet network's forward pass (feature extractors, MLS warp of guidance features by the given grid,
 * AdaIN, ASFF blocks, reconstruction) as an engine runs it: the only part a backend supplies.
 * Implementations are thread-safe and own native resources.
 */
public interface AsffnetNetwork extends AutoCloseable {
    /** @return native image side (128 for the default model) */
    int size();

    /**
     * Runs one batch.
     *
     * @param input the batch, at this network's {@link #size()}
     * @return the restored images, {@code [batch,3,size,size]}, unclamped
     * @throws dev.asffnet.api.InvalidInputException if the input's size differs from {@link #size()}
     */
    float[] forward(EngineInput input);

    @Override
    void close();
}
