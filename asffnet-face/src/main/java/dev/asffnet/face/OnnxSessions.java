package dev.asffnet.face;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.formats.Caches;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens ONNX Runtime sessions for the face nets and the ONNX engine with the one device policy of
 * {@link RestorerOptions.Device#cudaUnavailable}: CPU; CUDA with a one-line warning and CPU fallback; or
 * CUDA strictly. Model bytes come from {@code dev.asffnet.formats.ModelFiles}.
 *
 * <p><b>Optimised-model cache.</b> On the CPU, the graph ONNX Runtime optimises at open is saved under
 * {@code onnx/} of the cache folder ({@link Caches#root()}), keyed by the model bytes' SHA-256, the ONNX
 * Runtime version and the CPU (the fully optimised graph uses the CPU's blocked layouts), and later opens
 * load that file without optimising again. The file is written atomically; an unwritable cache folder, or a
 * cached file that does not load, only means the model is optimised at open as before.
 */
public final class OnnxSessions {
    private static final OrtSession.SessionOptions.OptLevel FULL = OrtSession.SessionOptions.OptLevel.ALL_OPT;
    /** Identifies this machine's CPU in cache keys (read once; immutable). */
    private static final String CPU = System.getProperty("os.arch") + "|" + cpuModel();

    private OnnxSessions() {
    }

    /** The one environment, created on first use after {@link OrtNatives} has pointed ONNX Runtime at its
     * cached native libraries (class initialisation runs once per JVM). */
    private static final class Environment {
        static final OrtEnvironment ENV = create();

        private static OrtEnvironment create() {
            OrtNatives.useCachedCopies(Caches.root());
            return OrtEnvironment.getEnvironment();
        }
    }

    /**
     * ONNX Runtime's environment, with its native libraries loaded from the cache folder's extracted copies
     * when possible ({@code OrtNatives}); every session of the library is opened in it.
     *
     * @return the environment
     */
    public static OrtEnvironment environment() {
        return Environment.ENV;
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
     * Creates a session for {@code model} (ONNX bytes), using the optimised-model cache of
     * {@link Caches#root()} on the CPU.
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
        return open(model, what, device, threads, false);
    }

    /**
     * As {@link #open(byte[], String, RestorerOptions.Device, int)}, with the intra-op threads spinning for the
     * next operator while a run is active when {@code spinning} ({@link RestorerOptions#withSpinningThreads});
     * idle threads sleep either way.
     *
     * @param model the ONNX file's bytes
     * @param what names the model in error messages
     * @param device where to run it
     * @param threads intra-op threads; 0: one per available processor ({@link #intraOpThreads})
     * @param spinning whether the threads spin during a run
     * @return the session (the caller closes it)
     * @throws ModelLoadException if the bytes are not a loadable ONNX model
     * @throws DeviceUnavailableException if CUDA_STRICT was asked and CUDA cannot be used
     */
    public static OrtSession open(byte[] model, String what, RestorerOptions.Device device, int threads,
            boolean spinning) {
        return open(model, what, device, threads, spinning, device == RestorerOptions.Device.CPU
                ? Caches.writableFolder(Caches.root(), "onnx") : Optional.empty());
    }

    /** As {@link #open(byte[], String, RestorerOptions.Device, int, boolean)} with the cache folder given (or none). */
    static OrtSession open(byte[] model, String what, RestorerOptions.Device device, int threads, boolean spinning,
            Optional<Path> cacheDir) {
        OrtEnvironment env = environment();
        Optional<Path> cached = cacheDir.map(d -> d.resolve(cacheKey(env, model) + ".onnx"));
        if (cached.isPresent() && Files.isRegularFile(cached.get())) {
            try {
                return create(env, what, device, threads, spinning, OrtSession.SessionOptions.OptLevel.NO_OPT, null,
                        opts -> env.createSession(cached.get().toString(), opts));
            } catch (ModelLoadException e) {
                deleteQuietly(cached.get());   // damaged or foreign: optimise again below
            }
        }
        if (cached.isPresent()) {
            Path target = cached.get();
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Thread.currentThread().getId() + ".tmp");
            try {
                OrtSession s = create(env, what, device, threads, spinning, FULL, tmp,
                        opts -> env.createSession(model, opts));
                try {
                    AtomicFiles.move(tmp, target);
                } catch (IOException e) {
                    deleteQuietly(tmp);   // the session is fine; only the cache entry is lost
                }
                return s;
            } catch (ModelLoadException e) {
                deleteQuietly(tmp);   // maybe the cache file could not be written: open without it
            }
        }
        return create(env, what, device, threads, spinning, FULL, null, opts -> env.createSession(model, opts));
    }

    private interface Creator {
        OrtSession create(OrtSession.SessionOptions opts) throws OrtException;
    }

    private static OrtSession create(OrtEnvironment env, String what, RestorerOptions.Device device, int threads,
            boolean spinning, OrtSession.SessionOptions.OptLevel level, Path saveOptimised, Creator creator) {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(intraOpThreads(threads));
            // by default pool threads sleep instead of spinning: spinning threads steal the cores from the working
            // ones when the machine is shared (2 threads were slower than 1 on a loaded 2-core machine), when runs
            // overlap, and while a JVM starts (docs/benchmarks.md, "One thread per frame; spinning threads"); when
            // asked, they spin during a run only
            opts.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            if (spinning) {
                opts.addConfigEntry("session.force_spinning_stop", "1");
            }
            opts.setOptimizationLevel(level);
            if (saveOptimised != null) {
                opts.setOptimizedModelFilePath(saveOptimised.toString());
                // ORT warns that the saved graph is hardware specific: the cache key holds the CPU for that
                opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            }
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
            return creator.create(opts);
        } catch (OrtException e) {
            throw new ModelLoadException("cannot load " + what + " as an ONNX model: " + e.getMessage(), e);
        }
    }

    /** The cache file name of {@code model}: content hash, ONNX Runtime version, CPU. */
    static String cacheKey(OrtEnvironment env, byte[] model) {
        return Caches.sha256(model).substring(0, 32) + "-ort" + env.getVersion() + "-"
                + Caches.sha256(CPU.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("model name") || l.startsWith("flags")).distinct().limit(2)
                    .reduce("", String::concat);
        } catch (IOException | RuntimeException e) {
            return System.getenv().getOrDefault("PROCESSOR_IDENTIFIER", "unknown");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // a stale cache file is only a missed speed-up
        }
    }
}
