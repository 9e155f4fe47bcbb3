package dev.asffnet.tf;

import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.formats.AswtFile;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.NodeOutput;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * ASFFNet ({@code training/asffnet/model.py}) built as a TensorFlow graph in Java from the exported raw
 * weights ({@link AswtFile}) and config ({@link AsffnetConfig}). {@link #forward} takes and returns NCHW
 * arrays (docs/conventions.md) and transposes them in Java; the graph (placeholders named as the ONNX inputs)
 * is NHWC throughout, TensorFlow's native CPU layout: conv kernels are converted OIHW to HWIO at load,
 * PixelShuffle becomes depthToSpace after permuting the preceding conv's output channels. One {@link Session}; {@link #forward} builds a fresh runner per call, so one instance
 * serves many threads.
 */
public final class TfAsffnetNetwork implements AsffnetNetwork {
    private static final System.Logger LOG = System.getLogger(TfAsffnetNetwork.class.getName());
    static final float ADAIN_EPS = 1e-5f;

    private final Graph graph;
    private final Session session;
    private final AsffnetConfig config;
    private final Placeholder<TFloat32> degraded;
    private final Placeholder<TFloat32> guidance;
    private final Placeholder<TFloat32> warpGrid;
    private final Placeholder<TFloat32> landmarkMap;
    private final Operand<TFloat32> restored;
    private final CloseGuard guard = new CloseGuard("TF ASFFNet network");

    /**
     * Loads the network {@code options} name: the embedded default model when no file is given, otherwise
     * the {@code .weights} file with its {@code .json} config beside it (a path to the {@code .onnx} export
     * is accepted and mapped to the {@code .weights} file of the same name).
     *
     * @param options the model file, device and threads
     * @return the network; the caller closes it
     * @throws ModelLoadException if the weights or config are missing, corrupt or do not match each other
     * @throws DeviceUnavailableException for {@link RestorerOptions.Device#CUDA_STRICT} without a usable GPU
     */
    public static TfAsffnetNetwork open(RestorerOptions options) {
        if (options.modelFile().isEmpty()) {
            return openEmbedded(PackagedModels.ASFFNET_WEIGHTS, PackagedModels.ASFFNET_CONFIG, options);
        }
        Path file = options.modelFile().get();
        Path weights = ModelFiles.sibling(file, ".weights");
        return load(weights, ModelFiles.sibling(file, ".json"), options.device(), options.threads());
    }

    /**
     * Loads an embedded model.
     *
     * @param weights one of {@link PackagedModels}' ASWT weights names
     * @param config the matching JSON config name
     * @param options the device and threads (the model file is ignored)
     * @return the network; the caller closes it
     */
    public static TfAsffnetNetwork openEmbedded(String weights, String config, RestorerOptions options) {
        Map<String, AswtFile.Tensor> w = AswtFile.read(ModelFiles.resource(PackagedModels::open, weights),
                "embedded weights " + weights);
        AsffnetConfig c = AsffnetConfig.parse(new String(ModelFiles.resource(PackagedModels::open, config),
                StandardCharsets.UTF_8), config);
        return new TfAsffnetNetwork(w, c, "embedded model " + weights, options.device(), options.threads());
    }

    /**
     * Loads the weights file and its JSON config.
     *
     * @param weights the ASWT weights file
     * @param config the JSON config file
     * @param device where inference runs
     * @param threads intra-op threads; 0: TensorFlow's default
     * @return the network; the caller closes it
     * @throws ModelLoadException if a file is missing or corrupt, or they do not match each other
     */
    public static TfAsffnetNetwork load(Path weights, Path config, RestorerOptions.Device device, int threads) {
        Map<String, AswtFile.Tensor> w = AswtFile.read(readFile(weights, "weights"), "weights file " + weights);
        AsffnetConfig c = AsffnetConfig.parse(new String(readFile(config, "model config"), StandardCharsets.UTF_8),
                config.toString());
        return new TfAsffnetNetwork(w, c, "weights file " + weights, device, threads);
    }

    /**
     * Builds the network from tensors already in memory.
     *
     * @param what names the weights in error messages
     * @param weights tensor name to tensor, as {@link AswtFile#read} returns them
     * @param config the network configuration
     * @param device where inference runs
     * @param threads intra-op threads; 0: TensorFlow's default
     */
    public TfAsffnetNetwork(Map<String, AswtFile.Tensor> weights, AsffnetConfig config, String what,
            RestorerOptions.Device device, int threads) {
        this.config = config;
        ConfigProto proto = sessionConfig(device, threads);
        Graph g = new Graph();
        try {
            Ops tf = Ops.create(g);
            int s = config.size();
            int f = config.featureSize();
            // NHWC placeholders: forward() transposes the NCHW arrays in Java (faster than TF's Transpose op)
            degraded = tf.withName("degraded").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
            guidance = tf.withName("guidance").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 3)));
            warpGrid = tf.withName("warp_grid").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, f, f, 2)));
            landmarkMap = tf.withName("landmark_map").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, s, s, 1)));
            Builder b = new Builder(tf, new Params(weights, config, what), config);
            Operand<TFloat32> out = b.build(degraded, guidance, warpGrid, landmarkMap);
            restored = tf.withName("restored").identity(out);
            b.params.checkAllUsed();
            graph = g;
            session = new Session(g, proto);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    static ConfigProto sessionConfig(RestorerOptions.Device device, int threads) {
        ConfigProto.Builder cp = ConfigProto.newBuilder();
        // the same count as every ONNX Runtime session (TF's own default is the physical core count)
        cp.setIntraOpParallelismThreads(OnnxSessions.intraOpThreads(threads));
        if (device == RestorerOptions.Device.CPU) {
            cp.putDeviceCount("GPU", 0);
        } else if (!gpuAvailable()) {
            device.cudaUnavailable("the TensorFlow ASFFNet network", "TensorFlow cannot place an op on /device:GPU:0; "
                    + "the tensorflow-core-native classifier linux-x86_64 is CPU-only, linux-x86_64-gpu needs a CUDA "
                    + "driver (set the tensorflow.classifier property, README section GPU)", null);
            cp.putDeviceCount("GPU", 0);
        } else {
            // do not grab the whole GPU up front (TF's default): ONNX Runtime or others may share it
            cp.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).build());
        }
        return cp.build();
    }

    /** Whether TensorFlow can place an op on {@code /device:GPU:0}. */
    static boolean gpuAvailable() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            Operand<TFloat32> c = tf.identity(tf.constant(1f));
            try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
                 Result r = s.runner().fetch(c).run()) {
                return r.size() == 1;
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] readFile(Path p, String what) {
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new ModelLoadException(what + " file not found: " + p
                    + " (the TF backend needs <model>.weights and <model>.json side by side)");
        }
        return ModelFiles.file(p, what);
    }

    /**
     * The configuration this network was built from.
     *
     * @return the configuration
     */
    public AsffnetConfig config() {
        return config;
    }

    @Override
    public int size() {
        return config.size();
    }

    @Override
    public float[] forward(EngineInput input) {
        return run(input, null).output();
    }

    /**
     * One node's execution in a traced forward ({@link #profile}), from TensorFlow's step statistics.
     *
     * @param node the node's name in the executed graph (after Grappler's and oneDNN's rewrites, which fuse
     *     and rename nodes: a fused convolution usually carries the name of the last node it absorbed)
     * @param op the op type that ran, as the executed graph names it (for example {@code _MklNativeFusedConv2D})
     * @param startMicros when the op's computation started, microseconds since the epoch
     * @param micros the op's computation time in microseconds ({@code op_end_rel_micros - op_start_rel_micros})
     * @param outputShapes the shape of each output, in the trace's order (empty where the trace has none)
     * @param constantInputShapes the shapes of the inputs that are constants in the executed graph, in input
     *     order: the weights (a convolution's HWIO kernel, then its bias)
     */
    public record NodeTime(String node, String op, long startMicros, long micros,
            List<List<Long>> outputShapes, List<List<Long>> constantInputShapes) {
        /**
         * Copies the shape lists.
         *
         * @param node the node's name in the executed graph
         * @param op the op type that ran
         * @param startMicros when the op's computation started, microseconds since the epoch
         * @param micros the op's computation time in microseconds
         * @param outputShapes the shape of each output
         * @param constantInputShapes the shapes of the constant inputs, in input order
         */
        public NodeTime {
            outputShapes = List.copyOf(outputShapes);
            constantInputShapes = List.copyOf(constantInputShapes);
        }
    }

    /**
     * Runs one forward as {@link #forward} does, with TensorFlow's full tracing on, and returns each executed
     * node's time instead of the output. For profiling only ({@code BackendProfile} in asffnet-examples):
     * TensorFlow starts its profiler for the call, which makes it several times slower than {@link #forward}
     * and slows the runs right after it, so time untraced forwards apart from traced ones. The graph that ran
     * is the optimised one, so node names and op types differ from those of the graph built here.
     *
     * @param input the network inputs, as for {@link #forward}
     * @return the executed nodes of all devices, in the trace's order
     * @throws InvalidInputException if the input size differs from the model's
     * @throws AsffnetException if TensorFlow fails to run the graph or returns no trace
     */
    public List<NodeTime> profile(EngineInput input) {
        RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                .setOutputPartitionGraphs(true).build();
        RunMetadata meta = run(input, trace).metadata();
        if (meta == null) {
            throw new AsffnetException("TensorFlow returned no run metadata for a traced forward");
        }
        Map<String, NodeDef> defs = new HashMap<>();
        for (GraphDef g : meta.getPartitionGraphsList()) {
            for (NodeDef d : g.getNodeList()) {
                defs.put(d.getName(), d);
            }
        }
        List<NodeTime> nodes = new ArrayList<>();
        for (DeviceStepStats dev : meta.getStepStats().getDevStatsList()) {
            for (NodeExecStats ns : dev.getNodeStatsList()) {
                NodeDef def = defs.get(ns.getNodeName());
                String op = def != null ? def.getOp() : opFromLabel(ns.getTimelineLabel());
                List<List<Long>> outs = new ArrayList<>();
                for (NodeOutput o : ns.getOutputList()) {
                    outs.add(dims(o.getTensorDescription().getShape()));
                }
                List<List<Long>> consts = new ArrayList<>();
                if (def != null) {
                    for (String in : def.getInputList()) {
                        NodeDef src = defs.get(in.startsWith("^") ? "" : in.split(":")[0]);
                        if (src != null && "Const".equals(src.getOp()) && src.getAttrMap().containsKey("value")) {
                            consts.add(dims(src.getAttrMap().get("value").getTensor().getTensorShape()));
                        }
                    }
                }
                nodes.add(new NodeTime(ns.getNodeName(), op, ns.getAllStartMicros() + ns.getOpStartRelMicros(),
                        ns.getOpEndRelMicros() - ns.getOpStartRelMicros(), outs, consts));
            }
        }
        return nodes;
    }

    /** The op type of a timeline label {@code "name = Op(inputs)"}; the label itself when it has another form. */
    private static String opFromLabel(String label) {
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', Math.max(eq, 0));
        return eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : label;
    }

    private static List<Long> dims(TensorShapeProto shape) {
        List<Long> d = new ArrayList<>(shape.getDimCount());
        for (TensorShapeProto.Dim dim : shape.getDimList()) {
            d.add(dim.getSize());
        }
        return d;
    }

    /** A forward's output, and its run metadata when it was traced. */
    private record Run(float[] output, RunMetadata metadata) {
    }

    private Run run(EngineInput input, RunOptions options) {
        int s = config.size();
        int f = config.featureSize();
        if (input.size() != s) {
            throw new InvalidInputException("input size " + input.size() + " differs from the model's " + s);
        }
        int n = input.batch();
        float[] degradedIn = input.degraded();
        float[] guidanceIn = input.guidance();
        float[] warpGridIn = input.warpGrid();
        float[] landmarkIn = input.landmarkMap();
        return guard.call(() -> {
            List<TFloat32> inputs = new ArrayList<>(4);
            try {
                Session.Runner runner = session.runner();
                runner.feed(degraded, add(inputs, Shape.of(n, s, s, 3), nchwToNhwc(degradedIn, n, 3, s * s)));
                if (config.guided()) {
                    runner.feed(guidance, add(inputs, Shape.of(n, s, s, 3), nchwToNhwc(guidanceIn, n, 3, s * s)));
                    // one channel: NCHW and NHWC are the same bytes
                    runner.feed(landmarkMap, add(inputs, Shape.of(n, s, s, 1), landmarkIn));
                    if (config.useMls()) {
                        runner.feed(warpGrid, add(inputs, Shape.of(n, f, f, 2), warpGridIn));
                    }
                }
                runner.fetch(restored);
                if (options != null) {
                    runner.setOptions(options);
                }
                try (Result r = options != null ? runner.runAndFetchMetadata() : runner.run()) {
                    TFloat32 out = (TFloat32) r.get(0);
                    float[] nhwc = new float[n * 3 * s * s];
                    if (out.size() != nhwc.length) {
                        throw new AsffnetException("TF ASFFNet returned shape " + out.shape() + ", expected ["
                                + n + ", " + s + ", " + s + ", 3]");
                    }
                    out.copyTo(DataBuffers.of(nhwc, false, false));
                    return new Run(nhwcToNchw(nhwc, n, 3, s * s), r.getMetadata().orElse(null));
                }
            } catch (org.tensorflow.exceptions.TensorFlowException e) {
                throw new AsffnetException("TensorFlow failed to run ASFFNet: " + e.getMessage(), e);
            } finally {
                for (TFloat32 t : inputs) {
                    t.close();
                }
            }
        });
    }

    /** {@code [n, c, hw]} to {@code [n, hw, c]}. */
    static float[] nchwToNhwc(float[] x, int n, int c, int hw) {
        float[] o = new float[x.length];
        for (int b = 0; b < n; b++) {
            int base = b * c * hw;
            for (int k = 0; k < c; k++) {
                int src = base + k * hw;
                for (int p = 0; p < hw; p++) {
                    o[base + p * c + k] = x[src + p];
                }
            }
        }
        return o;
    }

    /** {@code [n, hw, c]} to {@code [n, c, hw]}. */
    static float[] nhwcToNchw(float[] x, int n, int c, int hw) {
        float[] o = new float[x.length];
        for (int b = 0; b < n; b++) {
            int base = b * c * hw;
            for (int k = 0; k < c; k++) {
                int dst = base + k * hw;
                for (int p = 0; p < hw; p++) {
                    o[dst + p] = x[base + p * c + k];
                }
            }
        }
        return o;
    }

    private static TFloat32 add(List<TFloat32> owned, Shape shape, float[] data) {
        TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(data, true, false));
        owned.add(t);
        return t;
    }

    @Override
    public void close() {
        guard.close(() -> {
            try {
                session.close();
            } finally {
                graph.close();
            }
        });
    }

    /** The exported tensors, checked against the shapes the config implies and consumed once each. */
    static final class Params {
        private final Map<String, AswtFile.Tensor> tensors;
        private final AsffnetConfig config;
        private final String what;
        private final Set<String> used = new HashSet<>();

        Params(Map<String, AswtFile.Tensor> tensors, AsffnetConfig config, String what) {
            this.tensors = tensors;
            this.config = config;
            this.what = what;
        }

        float[] get(String name, int... shape) {
            AswtFile.Tensor t = tensors.get(name);
            if (t == null) {
                throw new ModelLoadException(what + " does not match its config (" + config + "): tensor '" + name
                        + "' " + Arrays.toString(shape) + " is missing");
            }
            if (!Arrays.equals(t.shape(), shape)) {
                throw new ModelLoadException(what + " does not match its config (" + config + "): tensor '" + name
                        + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
            }
            used.add(name);
            return t.data();
        }

        void checkAllUsed() {
            List<String> extra = tensors.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
            if (!extra.isEmpty()) {
                throw new ModelLoadException(what + " does not match its config (" + config + "): " + extra.size()
                        + " tensors the config does not use, e.g. " + extra.subList(0, Math.min(5, extra.size())));
            }
        }
    }

    /** Builds model.py's modules on NHWC tensors. */
    private static final class Builder {
        private final Ops tf;
        private final Params params;
        private final AsffnetConfig c;

        Builder(Ops tf, Params params, AsffnetConfig c) {
            this.tf = tf;
            this.params = params;
            this.c = c;
        }

        Operand<TFloat32> build(Operand<TFloat32> deg, Operand<TFloat32> gui, Operand<TFloat32> grid,
                Operand<TFloat32> lm) {
            Operand<TFloat32> fd = extractor("ed", deg);
            Operand<TFloat32> x = fd;
            Operand<TFloat32> g = null;
            Operand<TFloat32> l = null;
            if (c.guided()) {
                g = extractor("eg", gui);
                // name scopes only label the nodes, so that profile() can attribute their time
                if (c.useMls()) {
                    g = TfOps.gridSample(tf.withSubScope("grid_sample"), g, grid, c.featureSize(), c.featureSize());
                }
                if (c.useAdain()) {
                    g = TfOps.adain(tf.withSubScope("adain"), g, fd, ADAIN_EPS);
                }
                l = landmarks(lm);
            }
            for (int i = 0; i < c.asff(); i++) {
                x = asffBlock("blocks." + i, x, g, l);
            }
            Operand<TFloat32> out = recon(tf.math.add(x, fd));
            if (c.globalResidual()) {
                out = tf.math.add(out, deg);
            }
            return out;
        }

        /** nn.Conv2d(in, out, k, stride, padding, dilation, bias) named {@code name}. */
        Operand<TFloat32> conv(String name, Operand<TFloat32> x, int in, int out, int k, int stride, int pad, int dil,
                boolean bias, int[] outPerm) {
            float[] w = params.get(name + ".weight", out, in, k, k);
            float[] b = bias ? params.get(name + ".bias", out) : null;
            if (outPerm != null) {
                w = TfOps.permuteRows(w, outPerm);
                if (b != null) {
                    float[] pb = new float[b.length];
                    for (int i = 0; i < outPerm.length; i++) {
                        pb[i] = b[outPerm[i]];
                    }
                    b = pb;
                }
            }
            return TfOps.conv(tf, x, TfOps.oihwToHwio(w, out, in, k, k), k, in, out, b, stride, pad, dil);
        }

        Operand<TFloat32> conv3(String name, Operand<TFloat32> x, int in, int out) {
            return conv(name, x, in, out, 3, 1, 1, 1, true, null);
        }

        Operand<TFloat32> lrelu(Operand<TFloat32> x) {
            return TfOps.lrelu(tf, x);
        }

        Operand<TFloat32> resBlock(String name, Operand<TFloat32> x, int ch, int d1, int d2) {
            Operand<TFloat32> h = lrelu(conv(name + ".c1", x, ch, ch, 3, 1, d1, d1, true, null));
            return tf.math.add(x, conv(name + ".c2", h, ch, ch, 3, 1, d2, d2, true, null));
        }

        Operand<TFloat32> stem(String name, Operand<TFloat32> x, int ch, int d1, int d2) {
            for (int i = 0; i < c.extBlocks(); i++) {
                x = resBlock(name + "." + i, x, ch, d1, d2);
            }
            return x;
        }

        Operand<TFloat32> extractor(String p, Operand<TFloat32> x) {
            int c0 = c.widthFull();
            int c1 = 2 * c.widthFull();
            int c2 = c.width();
            x = stem(p + ".stem1", lrelu(conv3(p + ".conv1", x, 3, c0)), c0, 3, 2);
            x = stem(p + ".stem2", lrelu(conv(p + ".conv2", x, c0, c1, 3, 2, 1, 1, true, null)), c1, 3, 2);
            x = stem(p + ".stem3", lrelu(conv(p + ".conv3", x, c1, c2, 3, 2, 1, 1, true, null)), c2, 2, 1);
            return lrelu(conv3(p + ".conv4", x, c2, c2));
        }

        Operand<TFloat32> landmarks(Operand<TFloat32> m) {
            int w = c.width();
            m = lrelu(conv("lm.convs.0", m, 1, 8, 9, 2, 4, 1, false, null));
            m = lrelu(conv("lm.convs.1", m, 8, 16, 7, 1, 3, 1, false, null));
            m = lrelu(conv("lm.convs.2", m, 16, w, 5, 2, 2, 1, false, null));
            m = lrelu(conv("lm.convs.3", m, w, w, 3, 1, 1, 1, false, null));
            return tf.math.sigmoid(conv("lm.convs.4", m, w, w, 3, 1, 1, 1, false, null));
        }

        Operand<TFloat32> twoConvs(String p, Operand<TFloat32> x, int in, int mid) {
            return conv3(p + ".2", lrelu(conv3(p + ".0", x, in, mid)), mid, mid);
        }

        Operand<TFloat32> asffBlock(String p, Operand<TFloat32> x, Operand<TFloat32> g, Operand<TFloat32> l) {
            int w = c.width();
            int r = c.maskWidth();
            Operand<TFloat32> d = twoConvs(p + ".fd", x, w, w);
            Operand<TFloat32> fused;
            if (c.guided()) {
                Operand<TFloat32> gg = twoConvs(p + ".fg", g, w, w);
                if ("asff".equals(c.fusion())) {
                    Operand<TFloat32> cat = tf.concat(List.of(
                            conv(p + ".rd", d, w, r, 1, 1, 0, 1, true, null),
                            conv(p + ".rg", gg, w, r, 1, 1, 0, 1, true, null),
                            conv(p + ".rl", l, w, r, 1, 1, 0, 1, true, null)), tf.constant(3));
                    Operand<TFloat32> m = tf.math.sigmoid(twoConvs(p + ".mask", cat, 3 * r, w));
                    fused = tf.math.add(d, tf.math.mul(m, tf.math.sub(gg, d)));
                } else {
                    fused = conv(p + ".cat", tf.concat(List.of(d, gg, l), tf.constant(3)), 3 * w, w, 1, 1, 0, 1,
                            true, null);
                }
            } else {
                fused = d;
            }
            return tf.math.add(x, twoConvs(p + ".post", lrelu(fused), w, w));
        }

        Operand<TFloat32> recon(Operand<TFloat32> x) {
            int w = c.width();
            int c1 = 2 * c.widthFull();
            int c0 = c.widthFull();
            x = lrelu(tf.nn.depthToSpace(conv("recon.up1", x, w, 4 * c1, 3, 1, 1, 1, true,
                    TfOps.pixelShuffleOrder(c1, 2)), 2L));
            for (int i = 0; i < c.reconBlocks(); i++) {
                x = resBlock("recon.res1." + i, x, c1, 1, 1);
            }
            x = lrelu(tf.nn.depthToSpace(conv("recon.up2", x, c1, 4 * c0, 3, 1, 1, 1, true,
                    TfOps.pixelShuffleOrder(c0, 2)), 2L));
            for (int i = 0; i < c.reconBlocks(); i++) {
                x = resBlock("recon.res2." + i, x, c0, 1, 1);
            }
            return conv3("recon.out", x, c0, 3);
        }
    }
}
