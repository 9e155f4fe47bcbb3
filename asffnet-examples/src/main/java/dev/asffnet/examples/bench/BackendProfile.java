package dev.asffnet.examples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.tf.TfAsffnetNetwork;
import java.io.IOException;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the forward time goes, per op type, in TensorFlow Java ({@link TfAsffnetNetwork#profile}: TF's full
 * step-stats trace) and in ONNX Runtime (a session of the packaged ONNX model opened with ORT's profiler, as
 * {@code OnnxSessions} opens the production one: same intra-op threads, no spinning, all graph optimisations),
 * on the same inputs at the same intra-op thread count. The shipped default model only.
 *
 * <p>Per thread count, two phases. First the untraced forwards ({@link AsffnetNetwork#forward}) of every batch
 * size: warm-up runs, then timed runs with the engines interleaved (alternating which goes first), giving
 * the median wall times. Then the traced forwards, one of each engine per iteration after as many warm-up
 * runs; they come last because a TF traced run slows the runs after it. Every executed node's time is the
 * median over the iterations, and an op type's time the sum of its nodes' medians, so the rows of a table add
 * up to its "sum of op times". Below that: the time some op ran (ops that TF's executor ran side by side
 * counted once), the idle time between ops (the executor's own time) and the rest of the untraced wall time
 * (the session call, feeds and fetches, tensor copies, for TF the NCHW/NHWC transposes in Java; it also takes
 * up the difference between the traced and untraced runs, so it can come out negative).
 *
 * <pre>
 * TF_CPP_MIN_LOG_LEVEL=1 java -cp asffnet-examples/target/asffnet-cli.jar dev.asffnet.examples.bench.BackendProfile \
 *     [--batches 1,8] [--threads 1,2] [--warmup 3] [--iters 10]
 * </pre>
 * Prints, per (batch, threads), a markdown table op type | TF ms | ORT ms per forward with the shares, then
 * the convolutions by kernel and shape.
 */
public final class BackendProfile {
    private BackendProfile() {
    }

    /** What an executed node does, common to both engines. */
    enum Kind {
        CONV("convolution (with whatever bias, activation, residual add the engine fused in)"),
        GRID("grid sample (MLS warp; TF: gather-based subgraph)"),
        ADAIN("AdaIN (means, variances, normalisation)"),
        SIGMOID("Sigmoid (unfused)"),
        LRELU("LeakyReLU (unfused)"),
        ELEMENTWISE("other elementwise (Add, Sub, Mul)"),
        CONCAT("Concat"),
        SHUFFLE("DepthToSpace (pixel shuffle)"),
        LAYOUT("layout reorders / transposes"),
        OTHER("other (constants, feeds, fetches, reshapes)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One executed node of one forward. */
    record Node(String name, String op, Kind kind, String convKey, long start, long micros) {
    }

    /** One traced forward's nodes. */
    record Trace(List<Node> nodes) {
    }

    /**
     * Runs the profile and prints the tables.
     *
     * @param args {@code --batches 1,8}, {@code --threads 1,2}, {@code --warmup 3}, {@code --iters 10}
     * @throws IOException if ORT's profile cannot be read
     * @throws OrtException if ONNX Runtime fails
     */
    public static void main(String[] args) throws IOException, OrtException {
        int[] batches = {1, 8};
        int[] threadCounts = {1, 2};
        int warmup = 3;
        int iters = 10;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--batches" -> batches = ints(v);
                case "--threads" -> threadCounts = ints(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iters" -> iters = Integer.parseInt(v);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        System.out.printf(Locale.ROOT, "TensorFlow %s, ONNX Runtime %s, %d CPU cores visible, warm-up %d, %d timed "
                + "iterations%n", org.tensorflow.TensorFlow.version(), OnnxSessions.environment().getVersion(),
                Runtime.getRuntime().availableProcessors(), warmup, iters);
        byte[] onnxModel = ModelFiles.resource(PackagedModels::open, PackagedModels.ASFFNET_ONNX);
        for (int threads : threadCounts) {
            RestorerOptions options = RestorerOptions.defaults().withThreads(threads);
            Path dir = Files.createTempDirectory("asffnet-ort-profile");
            try (TfAsffnetNetwork tf = TfAsffnetNetwork.open(options);
                 OnnxAsffnetNetwork onnx = OnnxAsffnetNetwork.open(options);
                 OrtSession traced = profiledSession(onnxModel, threads, dir.resolve("ort").toString())) {
                // per batch: untraced wall times and TF traces; ORT's traces come from its profile file at the end
                Map<Integer, List<Double>> tfWall = new LinkedHashMap<>();
                Map<Integer, List<Double>> ortWall = new LinkedHashMap<>();
                Map<Integer, List<Trace>> tfTraces = new LinkedHashMap<>();
                List<Integer> ortRunBatch = new ArrayList<>();   // per traced ORT run: its batch, -1 for warm-up
                // untraced forwards of every batch size first: TF's tracing slows the runs that follow it
                for (int n : batches) {
                    EngineInput input = engineInput(BackendBenchmark.inputs(n, tf.size(), 42 + n), n, tf.size());
                    for (int i = 0; i < warmup; i++) {
                        tf.forward(input);
                        onnx.forward(input);
                    }
                    List<Double> tw = tfWall.computeIfAbsent(n, k -> new ArrayList<>());
                    List<Double> ow = ortWall.computeIfAbsent(n, k -> new ArrayList<>());
                    for (int i = 0; i < iters; i++) {
                        if (i % 2 == 0) {   // alternate which engine goes first
                            tw.add(time(() -> tf.forward(input)));
                            ow.add(time(() -> onnx.forward(input)));
                        } else {
                            ow.add(time(() -> onnx.forward(input)));
                            tw.add(time(() -> tf.forward(input)));
                        }
                    }
                }
                for (int n : batches) {
                    float[][] in = BackendBenchmark.inputs(n, tf.size(), 42 + n);
                    EngineInput input = engineInput(in, n, tf.size());
                    Map<String, OnnxTensor> feed = feed(in, n, tf.size());
                    try {
                        for (int i = 0; i < warmup + iters; i++) {
                            boolean timed = i >= warmup;
                            traced.run(feed).close();
                            ortRunBatch.add(timed ? n : -1);
                            List<TfAsffnetNetwork.NodeTime> nodes = tf.profile(input);
                            if (timed) {
                                tfTraces.computeIfAbsent(n, k -> new ArrayList<>()).add(tfTrace(nodes));
                            }
                        }
                    } finally {
                        feed.values().forEach(OnnxTensor::close);
                    }
                }
                Path profile = Path.of(traced.endProfiling());
                Map<Integer, List<Trace>> ortTraces = ortTraces(profile, ortRunBatch);
                for (int n : batches) {
                    System.out.printf(Locale.ROOT, "%n### batch %d, %d intra-op thread%s%n%n", n, threads,
                            threads == 1 ? "" : "s");
                    report(tfTraces.get(n), ortTraces.get(n), median(tfWall.get(n)), median(ortWall.get(n)));
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    /** An ORT session of {@code model} as {@code OnnxSessions} opens the production one, with the profiler on. */
    private static OrtSession profiledSession(byte[] model, int threads, String prefix) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(OnnxSessions.intraOpThreads(threads));
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.enableProfiling(prefix);
            return OnnxSessions.environment().createSession(model, opts);
        }
    }

    private static EngineInput engineInput(float[][] in, int n, int s) {
        return new EngineInput(n, s, in[0], in[1], in[2], in[3]);
    }

    private static Map<String, OnnxTensor> feed(float[][] in, int n, int s) throws OrtException {
        OrtEnvironment env = OnnxSessions.environment();
        int f = s / 4;
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put("degraded", OnnxTensor.createTensor(env, FloatBuffer.wrap(in[0]), new long[] {n, 3, s, s}));
        feed.put("guidance", OnnxTensor.createTensor(env, FloatBuffer.wrap(in[1]), new long[] {n, 3, s, s}));
        feed.put("warp_grid", OnnxTensor.createTensor(env, FloatBuffer.wrap(in[2]), new long[] {n, f, f, 2}));
        feed.put("landmark_map", OnnxTensor.createTensor(env, FloatBuffer.wrap(in[3]), new long[] {n, 1, s, s}));
        return feed;
    }

    // ---- TensorFlow trace

    private static Trace tfTrace(List<TfAsffnetNetwork.NodeTime> nodes) {
        List<Node> out = new ArrayList<>(nodes.size());
        for (TfAsffnetNetwork.NodeTime t : nodes) {
            Kind kind = tfKind(t.node(), t.op());
            String key = null;
            if (kind == Kind.CONV && !t.constantInputShapes().isEmpty() && !t.outputShapes().isEmpty()) {
                List<Long> k = t.constantInputShapes().get(0);   // HWIO
                List<Long> o = t.outputShapes().get(0);          // NHWC
                if (k.size() == 4 && o.size() == 4) {
                    key = convKey(k.get(0), k.get(1), k.get(2), k.get(3), o.get(1), o.get(2));
                }
            }
            out.add(new Node(t.node(), t.op(), kind, key, t.startMicros(), t.micros()));
        }
        return new Trace(out);
    }

    static Kind tfKind(String node, String op) {
        if (node.startsWith("grid_sample/")) {
            return Kind.GRID;
        }
        if (node.startsWith("adain/")) {
            return Kind.ADAIN;
        }
        if (op.contains("Conv2D")) {
            return Kind.CONV;
        }
        return switch (op) {
            case "Sigmoid", "_MklSigmoid" -> Kind.SIGMOID;
            case "LeakyRelu", "_MklLeakyRelu" -> Kind.LRELU;
            case "Add", "AddV2", "_MklAdd", "_MklAddV2", "Sub", "Mul", "_MklMul" -> Kind.ELEMENTWISE;
            case "ConcatV2", "_MklConcatV2" -> Kind.CONCAT;
            case "DepthToSpace" -> Kind.SHUFFLE;
            case "Transpose", "_MklTranspose", "_MklToTf", "_MklInputConversion" -> Kind.LAYOUT;
            default -> Kind.OTHER;
        };
    }

    // ---- ONNX Runtime trace

    /**
     * Reads ORT's profile: the node events ({@code *_kernel_time}) of each {@code model_run}, in run order,
     * matched to the batch of each traced run ({@code -1}: warm-up, dropped).
     */
    private static Map<Integer, List<Trace>> ortTraces(Path profile, List<Integer> runBatch) throws IOException {
        JsonArray events;
        try (Reader r = Files.newBufferedReader(profile)) {
            events = JsonParser.parseReader(r).getAsJsonArray();
        }
        List<JsonObject> runs = new ArrayList<>();
        List<JsonObject> nodes = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("name").getAsString();
            String cat = o.has("cat") ? o.get("cat").getAsString() : "";
            if ("Session".equals(cat) && "model_run".equals(name)) {
                runs.add(o);
            } else if ("Node".equals(cat) && name.endsWith("_kernel_time")) {
                nodes.add(o);
            }
        }
        if (runs.size() != runBatch.size()) {
            throw new IllegalStateException("ORT profile has " + runs.size() + " runs, expected " + runBatch.size());
        }
        runs.sort(Comparator.comparingLong(o -> o.get("ts").getAsLong()));
        nodes.sort(Comparator.comparingLong(o -> o.get("ts").getAsLong()));
        Map<Integer, List<Trace>> out = new HashMap<>();
        int next = 0;
        for (int i = 0; i < runs.size(); i++) {
            long start = runs.get(i).get("ts").getAsLong();
            long end = start + runs.get(i).get("dur").getAsLong();
            List<Node> list = new ArrayList<>();
            while (next < nodes.size() && nodes.get(next).get("ts").getAsLong() <= end) {
                JsonObject o = nodes.get(next++);
                if (o.get("ts").getAsLong() >= start) {
                    list.add(ortNode(o));
                }
            }
            if (runBatch.get(i) >= 0) {
                out.computeIfAbsent(runBatch.get(i), k -> new ArrayList<>()).add(new Trace(list));
            }
        }
        return out;
    }

    private static Node ortNode(JsonObject o) {
        String name = o.get("name").getAsString();
        name = name.substring(0, name.length() - "_kernel_time".length());
        JsonObject args = o.getAsJsonObject("args");
        String op = args.get("op_name").getAsString();
        List<long[]> ins = shapes(args.getAsJsonArray("input_type_shape"));
        List<long[]> outs = shapes(args.getAsJsonArray("output_type_shape"));
        Kind kind = ortKind(op, ins);
        String key = null;
        if (kind == Kind.CONV && ins.size() >= 2 && ins.get(1).length == 4 && !outs.isEmpty()
                && outs.get(0).length == 4) {
            long[] w = ins.get(1);   // OIHW
            long[] y = outs.get(0);  // NCHW (ORT keeps 4-D shapes for its NCHWc blocked tensors)
            key = convKey(w[2], w[3], w[1], w[0], y[2], y[3]);
        }
        return new Node(name, op, kind, key, o.get("ts").getAsLong(), o.get("dur").getAsLong());
    }

    static Kind ortKind(String op, List<long[]> inputShapes) {
        return switch (op) {
            case "Conv", "FusedConv", "NhwcFusedConv", "NhwcConv" -> Kind.CONV;
            case "GridSample" -> Kind.GRID;
            case "ReduceMean", "Pow", "Sqrt", "Div" -> Kind.ADAIN;
            // an elementwise op with a per-channel statistic ([N, C, 1, 1]) operand belongs to AdaIN
            case "Add", "Sub", "Mul", "Sum" -> inputShapes.stream().anyMatch(BackendProfile::perChannel)
                    ? Kind.ADAIN : Kind.ELEMENTWISE;
            case "Sigmoid" -> Kind.SIGMOID;
            case "LeakyRelu" -> Kind.LRELU;
            case "Concat" -> Kind.CONCAT;
            case "DepthToSpace" -> Kind.SHUFFLE;
            case "ReorderInput", "ReorderOutput", "Transpose" -> Kind.LAYOUT;
            default -> Kind.OTHER;
        };
    }

    private static boolean perChannel(long[] s) {
        return s.length == 4 && s[2] == 1 && s[3] == 1;
    }

    private static List<long[]> shapes(JsonArray a) {
        List<long[]> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (JsonElement e : a) {
            for (Map.Entry<String, JsonElement> t : e.getAsJsonObject().entrySet()) {
                JsonArray d = t.getValue().getAsJsonArray();
                long[] s = new long[d.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = d.get(i).getAsLong();
                }
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A convolution's row in the second table. The output channels are rounded up to a multiple of 16 for both
     * engines: ORT's NCHWc convolutions report their weights padded to its 16-channel blocks (1->8 as 1->16,
     * 16->3 as 16->16), so only the rounded counts match.
     */
    private static String convKey(long kh, long kw, long in, long out, long h, long w) {
        long padded = (out + 15) / 16 * 16;
        return String.format(Locale.ROOT, "%dx%d %d->%d, out %dx%d", kh, kw, in, padded, h, w);
    }

    // ---- report

    /**
     * A node's medians over the traced forwards: its op time; its exclusive time, the part of the op time when
     * no op that started earlier was still running (the exclusive times add up to the time some op ran, less
     * than the op times where the engine ran ops side by side); and the idle gap before it, the time since the
     * last op ended when no op ran (the engine's own time between ops; 0 for the first op).
     */
    record Stat(Node node, long micros, long exclusive, long gapBefore) {
    }

    /** Per node (named; nodes missing from some traces use the traces that have them), its medians. */
    private static Map<String, Stat> medians(List<Trace> traces) {
        Map<String, List<long[]>> values = new LinkedHashMap<>();
        Map<String, Node> first = new LinkedHashMap<>();
        for (Trace t : traces) {
            List<Node> nodes = new ArrayList<>(t.nodes());
            nodes.sort(Comparator.comparingLong(Node::start));
            Map<String, Integer> seen = new HashMap<>();
            long end = Long.MIN_VALUE;
            for (Node n : nodes) {
                long s = Math.max(n.start(), end);
                long e = n.start() + n.micros();
                long exclusive = Math.max(0, e - s);
                long gap = end == Long.MIN_VALUE ? 0 : Math.max(0, n.start() - end);
                end = Math.max(end, e);
                // a name executed twice in one forward (not expected) stays two nodes
                int k = seen.merge(n.name(), 1, Integer::sum);
                String id = k == 1 ? n.name() : n.name() + "#" + k;
                first.putIfAbsent(id, n);
                values.computeIfAbsent(id, x -> new ArrayList<>()).add(new long[] {n.micros(), exclusive, gap});
            }
        }
        Map<String, Stat> out = new LinkedHashMap<>();
        first.forEach((id, n) -> {
            List<long[]> v = values.get(id);
            out.put(id, new Stat(n, medianOf(v, 0), medianOf(v, 1), medianOf(v, 2)));
        });
        return out;
    }

    private static long medianOf(List<long[]> v, int i) {
        return Math.round(median(v.stream().map(a -> (double) a[i]).toList()));
    }

    private static void report(List<Trace> tfTraces, List<Trace> ortTraces, double tfWall, double ortWall) {
        Collection<Stat> tf = medians(tfTraces).values();
        Collection<Stat> ort = medians(ortTraces).values();
        Map<Kind, double[]> tfKind = byKind(tf);
        Map<Kind, double[]> ortKind = byKind(ort);
        double tfSum = sum(tf, Stat::micros);
        double ortSum = sum(ort, Stat::micros);
        System.out.println("| op type | TF ms | TF share | TF nodes | ORT ms | ORT share | ORT nodes | TF - ORT ms |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Kind k : Kind.values()) {
            double[] a = tfKind.getOrDefault(k, new double[2]);
            double[] b = ortKind.getOrDefault(k, new double[2]);
            if (a[1] == 0 && b[1] == 0) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.0f%% | %d | %.2f | %.0f%% | %d | %+.2f |%n", k.label,
                    a[0], 100 * a[0] / tfSum, (long) a[1], b[0], 100 * b[0] / ortSum, (long) b[1], a[0] - b[0]);
        }
        System.out.printf(Locale.ROOT, "| **sum of op times** | **%.2f** | 100%% | %d | **%.2f** | 100%% | %d | %+.2f |%n",
                tfSum, tf.size(), ortSum, ort.size(), tfSum - ortSum);
        double tfBusy = sum(tf, Stat::exclusive);
        double ortBusy = sum(ort, Stat::exclusive);
        double tfIdle = sum(tf, Stat::gapBefore);
        double ortIdle = sum(ort, Stat::gapBefore);
        System.out.printf(Locale.ROOT, "| time some op ran (ops side by side counted once) | %.2f | | | %.2f | | | %+.2f "
                + "|%n", tfBusy, ortBusy, tfBusy - ortBusy);
        System.out.printf(Locale.ROOT, "| idle between ops (executor) | %.2f | | | %.2f | | | %+.2f |%n", tfIdle,
                ortIdle, tfIdle - ortIdle);
        System.out.printf(Locale.ROOT, "| forward wall, untraced (median) | %.2f | | | %.2f | | | %+.2f |%n", tfWall,
                ortWall, tfWall - ortWall);
        double tfRest = tfWall - tfBusy - tfIdle;
        double ortRest = ortWall - ortBusy - ortIdle;
        System.out.printf(Locale.ROOT, "| rest of the wall (wall - ran - idle) | %.2f | | | %.2f | | | %+.2f |%n",
                tfRest, ortRest, tfRest - ortRest);
        double tfConv = tfKind.getOrDefault(Kind.CONV, new double[2])[0];
        double ortConv = ortKind.getOrDefault(Kind.CONV, new double[2])[0];
        System.out.printf(Locale.ROOT, "%nconvolution share of op time: TF %.0f%%, ORT %.0f%%; convolutions TF/ORT "
                + "%.2f, all ops TF/ORT %.2f, untraced forward TF/ORT %.2f%n", 100 * tfConv / tfSum,
                100 * ortConv / ortSum, tfConv / ortConv, tfSum / ortSum, tfWall / ortWall);
        convTable(tf, ort);
    }

    /** Per kind: {total ms, node count}. */
    private static Map<Kind, double[]> byKind(Collection<Stat> nodes) {
        Map<Kind, double[]> out = new EnumMap<>(Kind.class);
        for (Stat n : nodes) {
            double[] a = out.computeIfAbsent(n.node().kind(), k -> new double[2]);
            a[0] += n.micros() / 1e3;
            a[1]++;
        }
        return out;
    }

    private static double sum(Collection<Stat> nodes, java.util.function.ToLongFunction<Stat> f) {
        return nodes.stream().mapToLong(f).sum() / 1e3;
    }

    private static void convTable(Collection<Stat> tf, Collection<Stat> ort) {
        Map<String, double[]> rows = new LinkedHashMap<>();   // key -> {TF ms, TF count, ORT ms, ORT count}
        for (Stat n : tf) {
            if (n.node().kind() == Kind.CONV) {
                double[] r = rows.computeIfAbsent(String.valueOf(n.node().convKey()), k -> new double[4]);
                r[0] += n.micros() / 1e3;
                r[1]++;
            }
        }
        for (Stat n : ort) {
            if (n.node().kind() == Kind.CONV) {
                double[] r = rows.computeIfAbsent(String.valueOf(n.node().convKey()), k -> new double[4]);
                r[2] += n.micros() / 1e3;
                r[3]++;
            }
        }
        System.out.println();
        System.out.println("| convolution (kernel, channels in->out rounded up to 16, output size) | TF ms (count) | "
                + "ORT ms (count) | TF/ORT | TF - ORT ms |");
        System.out.println("|---|---|---|---|---|");
        rows.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0] - b.getValue()[2],
                a.getValue()[0] - a.getValue()[2])).forEach(e -> {
                    double[] r = e.getValue();
                    System.out.printf(Locale.ROOT, "| %s | %.2f (%d) | %.2f (%d) | %.2f | %+.2f |%n", e.getKey(), r[0],
                            (long) r[1], r[2], (long) r[3], r[0] / r[2], r[0] - r[2]);
                });
    }

    // ---- helpers

    private static int[] ints(String v) {
        return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
