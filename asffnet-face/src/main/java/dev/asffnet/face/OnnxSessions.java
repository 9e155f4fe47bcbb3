package dev.asffnet.face;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;

/**
 * Opens ONNX Runtime sessions for the face nets and the ONNX engine with the one device policy of
 * {@link RestorerOptions.Device#cudaUnavailable}: CPU; CUDA with a one-line warning and CPU fallback; or
 * CUDA strictly. Model bytes come from {@code dev.asffnet.formats.ModelFiles}.
 */
public final class OnnxSessions {
    private OnnxSessions() {
    }

    /**
     * The intra-op thread count every engine and face net uses (ONNX Runtime sessions and the TensorFlow
     * engine alike): {@code requested} when positive, otherwise one per available processor. ONNX Runtime's
     * own default can be a single thread in containers, which halves the speed on two cores.
     *
     * @param requested the configured thread count; 0 for one per available processor
     * @return the thread count to use, at least 1
     * @throws InvalidInputException if {@code requested} is negative
     */
    public static int intraOpThreads(int requested) {
        if (requested < 0) {
            throw new InvalidInputException("intra-op threads must be 0 (one per available processor) or more, got "
                    + requested);
        }
        return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Creates a session for {@code model} (ONNX bytes).
     *
     * @param model the ONNX file's bytes
     * @param what names the model in error messages
     * @param device where to run it
     * @param threads intra-op threads; 0: one per available processor ({@link #intraOpThreads})
     * @return the session (the caller closes it)
     * @throws ModelLoadException if the bytes are not a loadable ONNX model
     * @throws DeviceUnavailableException if CUDA_STRICT was asked and CUDA cannot be used
     */
    public static OrtSession open(byte[] model, String what, RestorerOptions.Device device, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(intraOpThreads(threads));
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device != RestorerOptions.Device.CPU) {
                try {
                    opts.addCUDA(0);
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    device.cudaUnavailable(what, "ONNX Runtime's CUDA provider did not load (" + e.getMessage()
                            + "); use com.microsoft.onnxruntime:onnxruntime_gpu instead of onnxruntime (artifact "
                            + "dev.asffnet:asffnet-onnx-gpu, README section GPU) on a machine with a CUDA driver and the "
                            + "CUDA/cuDNN libraries it needs on the library path", e);
                }
            }
            return env.createSession(model, opts);
        } catch (OrtException e) {
            throw new ModelLoadException("cannot load " + what + " as an ONNX model: " + e.getMessage(), e);
        }
    }
}
