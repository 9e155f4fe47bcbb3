package dev.asffnet.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.DirectFloatBuffers;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exported ASFFNet graph (ONNX, inputs {@code degraded}, {@code guidance}, {@code warp_grid},
 * {@code landmark_map}, output {@code restored}; see docs/conventions.md) run by ONNX Runtime. One owned
 * session; {@link OrtSession#run} is thread-safe, so one instance serves many threads.
 */
public final class OnnxAsffnetNetwork implements AsffnetNetwork {
    /** Classpath resource of the embedded default model. */
    public static final String DEFAULT_MODEL = PackagedModels.ASFFNET_ONNX;
    static final Set<String> INPUTS = Set.of("degraded", "guidance", "warp_grid", "landmark_map");
    static final String OUTPUT = "restored";

    private final OrtSession session;
    /** ONNX Runtime crashes the JVM when a session is closed during run(): close() waits for runs. */
    private final CloseGuard guard = new CloseGuard("ONNX ASFFNet network");
    private final int size;
    /** The inputs this graph takes: all four, or fewer for ablations (no MLS: no warp_grid; unguided). */
    private final Set<String> inputs;
    /** Per input, direct buffers reused across calls (one idle buffer per concurrent caller at most). */
    private final Map<String, DirectFloatBuffers> buffers = new HashMap<>();

    /**
     * Loads {@code options.modelFile()} or the embedded default model.
     *
     * @param options the model file, device and threads (spinning or not)
     * @return the network; the caller closes it
     */
    public static OnnxAsffnetNetwork open(RestorerOptions options) {
        if (options.modelFile().isEmpty()) {
            return openEmbedded(DEFAULT_MODEL, options);
        }
        Path file = options.modelFile().get();
        String what = "ASFFNet model " + file;
        return new OnnxAsffnetNetwork(OnnxSessions.open(ModelFiles.file(file, "ASFFNet model"), what,
                options.device(), options.threads(), options.spinningThreads()), what);
    }

    /**
     * Loads an embedded model.
     *
     * @param resource one of {@link PackagedModels}' ASFFNet ONNX names
     * @param options the device and threads, spinning or not (the model file is ignored)
     * @return the network; the caller closes it
     */
    public static OnnxAsffnetNetwork openEmbedded(String resource, RestorerOptions options) {
        String what = "embedded ASFFNet model " + resource;
        return new OnnxAsffnetNetwork(OnnxSessions.open(ModelFiles.resource(PackagedModels::open, resource), what,
                options.device(), options.threads(), options.spinningThreads()), what);
    }

    private OnnxAsffnetNetwork(OrtSession session, String what) {
        this.session = session;
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            if (!INPUTS.containsAll(in.keySet()) || !in.containsKey("degraded")
                    || !session.getOutputNames().contains(OUTPUT)) {
                throw new ModelLoadException(what + " has inputs " + new TreeMap<>(in).keySet() + " and outputs "
                        + session.getOutputNames() + "; an ASFFNet model needs input 'degraded', may take "
                        + new java.util.TreeSet<>(INPUTS) + " and must have output '" + OUTPUT
                        + "' (export it with training/export.py)");
            }
            this.inputs = Set.copyOf(in.keySet());
            inputs.forEach(name -> buffers.put(name, new DirectFloatBuffers(Runtime.getRuntime().availableProcessors())));
            long[] shape = ((TensorInfo) in.get("degraded").getInfo()).getShape();
            this.size = shape.length == 4 && shape[3] > 0 ? (int) shape[3] : 128;
        } catch (OrtException | ClassCastException e) {
            close();
            throw new ModelLoadException("cannot read the inputs of " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public float[] forward(EngineInput input) {
        return guard.call(() -> run(input));
    }

    private float[] run(EngineInput input) {
        if (input.size() != size) {
            throw new InvalidInputException("input size " + input.size() + " differs from the model's " + size);
        }
        int n = input.batch();
        long s = size;
        long g = s / 4;
        float[] degraded = input.degraded();
        float[] guidance = input.guidance();
        float[] warpGrid = input.warpGrid();
        float[] landmarkMap = input.landmarkMap();
        OrtEnvironment env = OnnxSessions.environment();
        Map<String, float[]> data = Map.of("degraded", degraded, "guidance", guidance, "warp_grid", warpGrid,
                "landmark_map", landmarkMap);
        Map<String, long[]> shapes = Map.of("degraded", new long[] {n, 3, s, s}, "guidance", new long[] {n, 3, s, s},
                "warp_grid", new long[] {n, g, g, 2}, "landmark_map", new long[] {n, 1, s, s});
        Map<String, OnnxTensor> feed = new HashMap<>();
        Map<String, FloatBuffer> lent = new HashMap<>();
        try {
            for (String name : inputs) {
                // a direct buffer from the pool: ONNX Runtime reads it in place instead of copying a heap array
                FloatBuffer b = buffers.get(name).take(data.get(name));
                lent.put(name, b);
                feed.put(name, OnnxTensor.createTensor(env, b, shapes.get(name)));
            }
            try (OrtSession.Result r = session.run(feed, Set.of(OUTPUT))) {
                FloatBuffer out = ((OnnxTensor) r.get(OUTPUT).orElseThrow()).getFloatBuffer();
                float[] result = new float[out.remaining()];
                out.get(result);
                return result;
            }
        } catch (OrtException e) {
            throw new AsffnetException("ONNX Runtime failed to run the ASFFNet model: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
            lent.forEach((name, b) -> buffers.get(name).give(b));
        }
    }

    @Override
    public void close() {
        guard.close(() -> {
            try {
                session.close();
                buffers.values().forEach(DirectFloatBuffers::clear);
            } catch (OrtException e) {
                throw new AsffnetException("cannot close ONNX session: " + e.getMessage(), e);
            }
        });
    }
}
