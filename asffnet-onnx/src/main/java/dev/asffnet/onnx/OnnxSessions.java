package dev.asffnet.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens ONNX Runtime sessions from a classpath resource or a file, with the device policy of
 * {@link RestorerOptions.Device}: CPU; CUDA with a one-line warning and CPU fallback; or CUDA strictly.
 */
public final class OnnxSessions {
    private static final System.Logger LOG = System.getLogger(OnnxSessions.class.getName());

    private OnnxSessions() {
    }

    /** The bytes of a classpath resource (absolute name, e.g. {@code /dev/asffnet/models/x.onnx}). */
    public static byte[] resource(String name) {
        try (InputStream in = OnnxSessions.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException("model resource " + name
                        + " is not on the class path: add the asffnet-models dependency or pass a model file");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a model file. */
    public static byte[] file(Path path) {
        if (path == null || !Files.isRegularFile(path)) {
            throw new ModelLoadException("model file not found: " + path);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a session for {@code model} (ONNX bytes). {@code what} names the model in error messages.
     *
     * @throws ModelLoadException if the bytes are not a loadable ONNX model
     * @throws DeviceUnavailableException if CUDA_STRICT was asked and CUDA cannot be used
     */
    public static OrtSession open(byte[] model, String what, RestorerOptions.Device device, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
            }
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device != RestorerOptions.Device.CPU) {
                try {
                    opts.addCUDA(0);
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    if (device == RestorerOptions.Device.CUDA_STRICT) {
                        throw new DeviceUnavailableException("CUDA was requested strictly but is unavailable ("
                                + e.getMessage() + "); build with -Pgpu (onnxruntime_gpu) on a machine with CUDA, "
                                + "or use Device.CUDA to fall back to CPU", e);
                    }
                    LOG.log(Level.WARNING, "CUDA unavailable for " + what + " (" + e.getMessage()
                            + "); falling back to CPU");
                }
            }
            return env.createSession(model, opts);
        } catch (OrtException e) {
            throw new ModelLoadException("cannot load " + what + " as an ONNX model: " + e.getMessage(), e);
        }
    }
}
