package dev.asffnet.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to build a {@link Restorer}: which model file (empty: the embedded default model), which device,
 * and how many intra-op threads (0: the backend's default).
 */
public record RestorerOptions(Optional<Path> modelFile, Device device, int threads) {
    /** Where inference runs. */
    public enum Device {
        /** CPU only. */
        CPU,
        /** CUDA when available, otherwise CPU with one warning log line. */
        CUDA,
        /** CUDA or fail with {@link DeviceUnavailableException}. */
        CUDA_STRICT
    }

    public RestorerOptions {
        if (modelFile == null) {
            throw new InvalidInputException("modelFile is null; use Optional.empty() for the embedded model");
        }
        if (device == null) {
            throw new InvalidInputException("device is null");
        }
        if (threads < 0) {
            throw new InvalidInputException("threads must be >= 0 (0 = backend default), got " + threads);
        }
    }

    /** Embedded default model on the CPU with the backend's default threading. */
    public static RestorerOptions defaults() {
        return new RestorerOptions(Optional.empty(), Device.CPU, 0);
    }

    public RestorerOptions withModelFile(Path file) {
        return new RestorerOptions(Optional.of(file), device, threads);
    }

    public RestorerOptions withDevice(Device d) {
        return new RestorerOptions(modelFile, d, threads);
    }

    public RestorerOptions withThreads(int n) {
        return new RestorerOptions(modelFile, device, n);
    }
}
