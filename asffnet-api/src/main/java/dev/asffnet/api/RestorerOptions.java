package dev.asffnet.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to build a {@link Restorer}.
 *
 * @param modelFile the model file; empty: the embedded default model
 * @param device where inference runs
 * @param threads intra-op threads; 0: one per available processor; at most {@link #maxThreads()}
 * @param landmarkWeightsFile the landmark weights {@code w_m} of Eqn 2 for the default selector: 68 numbers
 *     in the text form {@code asffnet-cli fit-weights} writes; empty: uniform weights
 * @param selector a guidance selector replacing the default weighted affine distance (Eqns 2-3)
 * @param aligner an aligner replacing the default moving-least-squares warp (Eqn 5)
 * @param largeFaceModel with the embedded model: faces whose canonical crop spans 256 photo pixels or more
 *     (within 5%) are restored by the embedded 256x256 model (opened on first use) instead of at 128x128
 * @param spinningThreads whether the restoration network's intra-op threads wait for the next operator by
 *     spinning while a call runs, instead of sleeping ({@link #withSpinningThreads})
 */
public record RestorerOptions(Optional<Path> modelFile, Device device, int threads,
        Optional<Path> landmarkWeightsFile, Optional<GuidanceSelector> selector, Optional<Aligner> aligner,
        boolean largeFaceModel, boolean spinningThreads) {
    /** Where inference runs. */
    public enum Device {
        /** CPU only. */
        CPU,
        /** CUDA when available, otherwise CPU with one warning log line. */
        CUDA,
        /** CUDA or fail with {@link DeviceUnavailableException}. */
        CUDA_STRICT;

        private static final System.Logger LOG = System.getLogger(RestorerOptions.class.getName());

        /**
         * The one device policy of every engine and the face front end, applied when CUDA cannot be used:
         * {@link #CUDA_STRICT} throws, {@link #CUDA} logs one warning line and the caller runs on the CPU.
         *
         * @param what the model that wanted CUDA, for the message
         * @param reason why CUDA is unavailable and what a consumer should do about it
         * @param cause the underlying failure, or null
         * @throws DeviceUnavailableException for {@link #CUDA_STRICT}
         */
        public void cudaUnavailable(String what, String reason, Throwable cause) {
            if (this == CUDA_STRICT) {
                throw new DeviceUnavailableException("CUDA was requested strictly for " + what
                        + " but is unavailable: " + reason + ". Or use Device.CUDA to fall back to the CPU", cause);
            }
            if (this == CUDA) {
                LOG.log(System.Logger.Level.WARNING, "CUDA unavailable for " + what + " (" + reason
                        + "); falling back to CPU");
            }
        }
    }

    /**
     * Checks the components.
     *
     * @param modelFile the model file; empty: the embedded default model
     * @param device where inference runs
     * @param threads intra-op threads; 0: the backend's default
     * @param landmarkWeightsFile the landmark weights file; empty: uniform weights
     * @param selector a replacement guidance selector; empty: the default
     * @param aligner a replacement aligner; empty: the default
     * @param largeFaceModel whether the embedded model restores large faces at 256x256
     * @param spinningThreads whether the network's intra-op threads spin during a call
     * @throws InvalidInputException if a component is null or {@code threads} is out of range
     */
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
        if (selector == null || aligner == null) {
            throw new InvalidInputException("selector/aligner is null; use Optional.empty() for the defaults");
        }
        if (threads < 0 || threads > maxThreads()) {
            throw new InvalidInputException("threads must be between 0 (one per available processor) and " + maxThreads()
                    + " (4 x the " + Runtime.getRuntime().availableProcessors() + " available processors), got "
                    + threads);
        }
    }

    /** @return the largest accepted {@link #threads()}: 4 x the available processors */
    public static int maxThreads() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * Embedded default model (with its 256x256 model for large faces) on the CPU with one intra-op thread per
     * available processor.
     *
     * @return the default options
     */
    public static RestorerOptions defaults() {
        return new RestorerOptions(Optional.empty(), Device.CPU, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), true, false);
    }

    /**
     * Uses a model file instead of the embedded model.
     *
     * @param file the model file
     * @return these options with {@code file}
     */
    public RestorerOptions withModelFile(Path file) {
        return new RestorerOptions(Optional.of(file), device, threads, landmarkWeightsFile, selector, aligner,
                largeFaceModel, spinningThreads);
    }

    /**
     * Runs inference on another device.
     *
     * @param d the device
     * @return these options with {@code d}
     */
    public RestorerOptions withDevice(Device d) {
        return new RestorerOptions(modelFile, d, threads, landmarkWeightsFile, selector, aligner, largeFaceModel,
                spinningThreads);
    }

    /**
     * Sets the number of intra-op threads.
     *
     * @param n intra-op threads; 0: the backend's default
     * @return these options with {@code n}
     */
    public RestorerOptions withThreads(int n) {
        return new RestorerOptions(modelFile, device, n, landmarkWeightsFile, selector, aligner, largeFaceModel,
                spinningThreads);
    }

    /**
     * Uses landmark weights {@code w_m} (Eqn 2) from a file.
     *
     * @param file a landmark weights file (68 numbers)
     * @return these options with {@code file}
     */
    public RestorerOptions withLandmarkWeightsFile(Path file) {
        return new RestorerOptions(modelFile, device, threads, Optional.of(file), selector, aligner,
                largeFaceModel, spinningThreads);
    }

    /**
     * @param s the guidance selector to use instead of the weighted affine distance (Eqn 2)
     * @return these options with {@code s}
     */
    public RestorerOptions withSelector(GuidanceSelector s) {
        return new RestorerOptions(modelFile, device, threads, landmarkWeightsFile, Optional.of(s), aligner,
                largeFaceModel, spinningThreads);
    }

    /**
     * @param a the aligner to use instead of moving least squares (Eqn 5); it is called with landmarks in
     *     feature pixels and the feature grid's size
     * @return these options with {@code a}
     */
    public RestorerOptions withAligner(Aligner a) {
        return new RestorerOptions(modelFile, device, threads, landmarkWeightsFile, selector, Optional.of(a),
                largeFaceModel, spinningThreads);
    }

    /**
     * Turns the embedded 256x256 model for large faces on or off (on by default; without it every face is
     * restored at 128x128, and the restorer opens one model instead of up to two). A model file replaces both.
     *
     * @param on whether faces spanning at least 256 photo pixels are restored at 256x256
     * @return these options with {@code on}
     */
    public RestorerOptions withLargeFaceModel(boolean on) {
        return new RestorerOptions(modelFile, device, threads, landmarkWeightsFile, selector, aligner, on,
                spinningThreads);
    }

    /**
     * Lets the restoration network's intra-op threads spin (busy-wait) for the next operator while a call runs;
     * between calls they sleep either way. By default they sleep, and each of the network's operators wakes
     * them. Spinning makes one call at a time in a warm JVM faster, but overlapping calls, other busy processes
     * and a starting JVM slower: turn it on for a long-lived service that restores one face or photo at a time,
     * with {@link #threads()} at most the free cores (docs/benchmarks.md, "One thread per frame; spinning
     * threads"). ONNX Runtime only: TensorFlow's pool decides for itself.
     *
     * @param on whether the threads spin during a call
     * @return these options with {@code on}
     */
    public RestorerOptions withSpinningThreads(boolean on) {
        return new RestorerOptions(modelFile, device, threads, landmarkWeightsFile, selector, aligner, largeFaceModel,
                on);
    }
}
