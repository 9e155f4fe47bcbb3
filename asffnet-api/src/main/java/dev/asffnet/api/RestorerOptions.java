package dev.asffnet.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to build a {@link Restorer}: which model file (empty: the embedded default model), which device,
 * how many intra-op threads (0: the backend's default), and which landmark weights {@code w_m} (Eqn 2) the
 * guidance selection uses (empty: the packaged ones; a file: 68 numbers in the text form that
 * {@code asffnet-cli fit-weights} writes).
 */
public record RestorerOptions(Optional<Path> modelFile, Device device, int threads,
        Optional<Path> landmarkWeightsFile) {
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
        if (landmarkWeightsFile == null) {
            throw new InvalidInputException("landmarkWeightsFile is null; use Optional.empty() for the packaged weights");
        }
        if (threads < 0) {
            throw new InvalidInputException("threads must be >= 0 (0 = backend default), got " + threads);
        }
    }

    /** Embedded default model on the CPU with the backend's default threading. */
    public static RestorerOptions defaults() {
        return new RestorerOptions(Optional.empty(), Device.CPU, 0, Optional.empty());
    }

    public RestorerOptions withModelFile(Path file) {
        return new RestorerOptions(Optional.of(file), device, threads, landmarkWeightsFile);
    }

    public RestorerOptions withDevice(Device d) {
        return new RestorerOptions(modelFile, d, threads, landmarkWeightsFile);
    }

    public RestorerOptions withThreads(int n) {
        return new RestorerOptions(modelFile, device, n, landmarkWeightsFile);
    }

    public RestorerOptions withLandmarkWeightsFile(Path file) {
        return new RestorerOptions(modelFile, device, threads, Optional.of(file));
    }
}
