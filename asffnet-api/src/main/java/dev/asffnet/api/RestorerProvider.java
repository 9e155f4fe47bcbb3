package dev.asffnet.api;

/**
 * Service-provider interface of an inference backend, registered in
 * {@code META-INF/services/dev.asffnet.api.RestorerProvider} and found by {@link Restorers}.
 */
public interface RestorerProvider {
    /** Short backend name users select by, e.g. {@code onnx} or {@code tf}. */
    String name();

    /**
     * @throws ModelLoadException if the model is missing, corrupt, or has the wrong inputs
     * @throws DeviceUnavailableException if {@link RestorerOptions.Device#CUDA_STRICT} cannot be honoured
     */
    Restorer open(RestorerOptions options);
}
