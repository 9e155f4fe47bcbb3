package dev.asffnet.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.formats.pth.Tensor;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.pipeline.asffnet512.Asffnet512Io;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authors' ASFFNet512 on ONNX Runtime: the packaged weight-free graph ({@code asffnet512-graph.onnx},
 * exported by training/asffnet512/export.py from a clean-room module) completed at load time with the
 * spectral-norm-folded weights of a {@code .pth}, or a standalone graph written by {@link #standaloneModel}.
 * Graph inputs {@code lq}, {@code ref} (N,3,H,W RGB in [-1,1]), {@code mask} (N,1,H,W), {@code grid}
 * (N,H/4,W/4,2, normalised for align_corners=False); output {@code out} (N,3,H,W) in [-1,1]; H and W any
 * multiple of 4. As an {@link AsffnetNetwork} it converts the pipeline's [0,1] images and align-corners grid.
 */
public final class Asffnet512OnnxNetwork implements AsffnetNetwork {
    /** Classpath resource of the weight-free graph. */
    public static final String GRAPH = "/dev/asffnet/onnx/asffnet512-graph.onnx";
    static final List<String> INPUTS = List.of("lq", "ref", "mask", "grid");
    static final String OUTPUT = "out";

    private final OrtSession session;

    private Asffnet512OnnxNetwork(OrtSession session) {
        this.session = session;
    }

    /**
     * The graph with {@code weights} (folded, as {@link Asffnet512Weights} gives them) as initializers.
     *
     * @param weights the folded weights by state-dict key
     * @return the bytes of a standalone ONNX model
     */
    public static byte[] standaloneModel(Map<String, Tensor> weights) {
        byte[] graph = ModelFiles.resource(Asffnet512OnnxNetwork.class::getResourceAsStream, GRAPH);
        return OnnxProtos.withInitializers(graph, weights);
    }

    /**
     * Tells an ASFFNet512 graph by its inputs.
     *
     * @param onnx the bytes of an ONNX model
     * @return whether these ONNX bytes are an ASFFNet512 graph (inputs lq, ref, mask, grid)
     */
    public static boolean isAsffnet512(byte[] onnx) {
        return OnnxProtos.inputNames(onnx).equals(INPUTS);
    }

    /**
     * Opens the network with folded weights.
     *
     * @param weights the folded weights by state-dict key
     * @param what names the model in error messages
     * @param device where to run it
     * @param threads intra-op threads; 0: ONNX Runtime's default
     * @return the open network (the caller closes it)
     * @throws ModelLoadException if ONNX Runtime cannot load the completed graph
     * @throws dev.asffnet.api.DeviceUnavailableException if CUDA_STRICT was asked and CUDA cannot be used
     */
    public static Asffnet512OnnxNetwork open(Map<String, Tensor> weights, String what, RestorerOptions.Device device,
            int threads) {
        return fromModel(standaloneModel(weights), what, device, threads, false);
    }

    /**
     * Opens {@code file}: a {@code .pth} checkpoint (read, checked strictly, folded) or a standalone
     * ASFFNet512 ONNX file.
     *
     * @param file the {@code .pth}/{@code .pt} checkpoint or ONNX file
     * @param device where to run it
     * @param threads intra-op threads; 0: ONNX Runtime's default
     * @return the open network (the caller closes it)
     * @throws ModelLoadException if the file is neither, or cannot be loaded
     */
    public static Asffnet512OnnxNetwork open(Path file, RestorerOptions.Device device, int threads) {
        return open(file, device, threads, false);
    }

    private static Asffnet512OnnxNetwork open(Path file, RestorerOptions.Device device, int threads, boolean spinning) {
        if (Asffnet512Weights.isCheckpoint(file)) {
            return fromModel(standaloneModel(Asffnet512Weights.load(file)), "ASFFNet512 checkpoint " + file, device,
                    threads, spinning);
        }
        byte[] bytes = ModelFiles.file(file, "ASFFNet512 model");
        if (!isAsffnet512(bytes)) {
            throw new ModelLoadException(file + " is not an ASFFNet512 ONNX model (inputs "
                    + OnnxProtos.inputNames(bytes) + ", expected " + INPUTS + ")");
        }
        return fromModel(bytes, "ASFFNet512 model " + file, device, threads, spinning);
    }

    /**
     * The profile choice of the {@code onnx} backend: a {@code .pth}/{@code .pt} file, or an ONNX file whose
     * inputs are ASFFNet512's, opens this network; any other file gives empty (the default model's profile).
     *
     * @param file the model file
     * @param options the device and threads to run it with
     * @return the open network, or empty for a file that is not ASFFNet512
     * @throws ModelLoadException if the file is a checkpoint that cannot be loaded
     */
    public static java.util.Optional<Asffnet512OnnxNetwork> openIfProfile(Path file, RestorerOptions options) {
        if (Asffnet512Weights.isCheckpoint(file)) {
            return java.util.Optional.of(open(file, options.device(), options.threads(), options.spinningThreads()));
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        byte[] bytes = ModelFiles.file(file, "model");
        boolean mine;
        try {
            mine = isAsffnet512(bytes);
        } catch (ModelLoadException e) {
            return java.util.Optional.empty();       // not ONNX at all: the default loader reports it
        }
        return mine ? java.util.Optional.of(fromModel(bytes, "ASFFNet512 model " + file, options.device(),
                options.threads(), options.spinningThreads())) : java.util.Optional.empty();
    }

    private static Asffnet512OnnxNetwork fromModel(byte[] model, String what, RestorerOptions.Device device, int threads,
            boolean spinning) {
        return new Asffnet512OnnxNetwork(OnnxSessions.open(model, what, device, threads, spinning));
    }

    @Override
    public int size() {
        return Asffnet512Weights.SIZE;
    }

    /**
     * One forward in the release's conventions.
     *
     * @param n batch
     * @param s image side, a multiple of 4
     * @param lq {@code [n,3,s,s]} in [-1,1]
     * @param ref {@code [n,3,s,s]} in [-1,1]
     * @param mask {@code [n,1,s,s]}
     * @param grid {@code [n,s/4,s/4,2]} normalised for align_corners=False
     * @return {@code [n,3,s,s]} in [-1,1]
     */
    public float[] run(int n, int s, float[] lq, float[] ref, float[] mask, float[] grid) {
        long g = s / 4;
        Map<String, float[]> data = Map.of("lq", lq, "ref", ref, "mask", mask, "grid", grid);
        Map<String, long[]> shapes = Map.of("lq", new long[] {n, 3, s, s}, "ref", new long[] {n, 3, s, s},
                "mask", new long[] {n, 1, s, s}, "grid", new long[] {n, g, g, 2});
        OrtEnvironment env = OnnxSessions.environment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (String name : INPUTS) {
                long[] shape = shapes.get(name);
                if (data.get(name).length != shape[0] * shape[1] * shape[2] * shape[3]) {
                    throw new InvalidInputException("input '" + name + "' must hold "
                            + shape[0] * shape[1] * shape[2] * shape[3] + " floats, got " + data.get(name).length);
                }
                feed.put(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(data.get(name)), shape));
            }
            try (OrtSession.Result r = session.run(feed, Set.of(OUTPUT))) {
                FloatBuffer out = ((OnnxTensor) r.get(OUTPUT).orElseThrow()).getFloatBuffer();
                float[] result = new float[out.remaining()];
                out.get(result);
                return result;
            }
        } catch (OrtException e) {
            throw new AsffnetException("ONNX Runtime failed to run ASFFNet512: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** The pipeline's [0,1] inputs and align-corners grid to the release's conventions and back. */
    @Override
    public float[] forward(EngineInput input) {
        int s = input.size();
        int g = input.gridSize();
        float[] lq = Asffnet512Io.toSigned(input.degraded());
        float[] ref = Asffnet512Io.toSigned(input.guidance());
        float[] grid = input.warpGrid().clone();
        for (int i = 0; i < grid.length; i++) {
            double px = (grid[i] + 1.0) * (g - 1) / 2.0;     // align-corners pixel position
            grid[i] = (float) ((2 * px + 1) / g - 1);         // normalised for align_corners=False
        }
        return Asffnet512Io.toUnitInPlace(run(input.batch(), s, lq, ref, input.landmarkMap(), grid));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new AsffnetException("cannot close ONNX session: " + e.getMessage(), e);
        }
    }
}
