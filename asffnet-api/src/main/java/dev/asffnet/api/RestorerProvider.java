package dev.asffnet.api;

/**
 * Service-provider interface of an inference backend, registered in
 * {@code META-INF/services/dev.asffnet.api.RestorerProvider} and found by {@link Restorers}.
 */
public interface RestorerProvider {
    /**
     * Short backend name users select by, e.g. {@code onnx} or {@code tf}.
     *
     * @return the backend name
     */
    String name();

    /**
     * Opens a restorer of this backend.
     *
     * @param options the model, device and threads to use
     * @return a new restorer; the caller closes it
     * @throws ModelLoadException if the model is missing, corrupt, or has the wrong inputs
     * @throws DeviceUnavailableException if {@link RestorerOptions.Device#CUDA_STRICT} cannot be honoured
     */
    Restorer open(RestorerOptions options);
}
