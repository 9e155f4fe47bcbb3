package dev.asffnet.examples.bench;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.tf.TfAsffnetNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Network forward time, TensorFlow Java (graph built from the raw weights) vs ONNX Runtime (the exported
 * ONNX graph), on the same inputs in the same JVM. Per batch size: warm-up runs, then timed runs with the two
 * backends interleaved (so load from other processes hits both alike); prints the medians, their ratio, the
 * median of the per-iteration TF/ORT ratios ("paired", the figure least disturbed by a busy machine) and the
 * largest output difference.
 *
 * <pre>
 * java -cp 'asffnet-examples/target/asffnet-cli.jar:asffnet-examples/target/lib/*' \
 *     dev.asffnet.examples.bench.BackendBenchmark [--batches 1,8] [--warmup 5] [--iters 20] [--threads 0]
 *     [--weights model.weights --onnx model.onnx]   (default: the packaged asffnet-default model)
 * </pre>
 * With {@code --layout N} (any value): instead, TF's NHWC vs NCHW convolutions on a conv stack shaped like the
 * extractor's first two stages (the convolutions are where the network's time goes).
 */
public final class BackendBenchmark {
    private BackendBenchmark() {
    }

    public static void main(String[] args) {
        int[] batches = {1, 8};
        int warmup = 5;
        int iters = 20;
        int threads = 0;
        Path weights = null;
        Path onnxFile = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--batches" -> batches = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iters" -> iters = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--weights" -> weights = Path.of(v);
                case "--onnx" -> onnxFile = Path.of(v);
                case "--layout" -> {
                    layout(batches, warmup, iters);
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        RestorerOptions base = RestorerOptions.defaults().withThreads(threads);
        long tn = System.nanoTime();
        String tfVersion = org.tensorflow.TensorFlow.version(); // loads the TF natives
        long t0 = System.nanoTime();
        TfAsffnetNetwork tf = TfAsffnetNetwork.open(weights == null ? base : base.withModelFile(weights));
        long t1 = System.nanoTime();
        OnnxAsffnetNetwork onnx = OnnxAsffnetNetwork.open(onnxFile == null ? base : base.withModelFile(onnxFile));
        long t2 = System.nanoTime();
        try (tf; onnx) {
            System.out.printf(Locale.ROOT, "model: %s%nCPU cores visible: %d, intra-op threads: %s%n", tf.config(),
                    Runtime.getRuntime().availableProcessors(), threads == 0 ? "backend default" : threads);
            System.out.printf(Locale.ROOT, "TensorFlow %s natives loaded in %.0f ms; load: TF %.0f ms (read weights, "
                    + "build graph, session), ONNX Runtime %.0f ms%n", tfVersion, (t0 - tn) / 1e6, (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6);
            float[][] first = inputs(1, tf.size(), 1);
            System.out.printf(Locale.ROOT, "first forward (batch 1, includes graph optimisation): TF %.0f ms, ORT %.0f "
                    + "ms%n", time(tf, 1, first), time(onnx, 1, first));
            System.out.printf(Locale.ROOT, "%-6s %12s %12s %10s %12s %14s%n", "batch", "TF ms", "ORT ms", "TF/ORT",
                    "paired", "max |TF-ORT|");
            for (int n : batches) {
                float[][] in = inputs(n, tf.size(), 42 + n);
                float diff = maxAbs(run(tf, n, in), run(onnx, n, in));
                for (int i = 0; i < warmup; i++) {
                    run(tf, n, in);
                    run(onnx, n, in);
                }
                List<Double> tt = new ArrayList<>();
                List<Double> to = new ArrayList<>();
                for (int i = 0; i < iters; i++) {
                    // alternate which backend goes first
                    if (i % 2 == 0) {
                        tt.add(time(tf, n, in));
                        to.add(time(onnx, n, in));
                    } else {
                        to.add(time(onnx, n, in));
                        tt.add(time(tf, n, in));
                    }
                }
                double mt = median(tt);
                double mo = median(to);
                List<Double> paired = new ArrayList<>();
                for (int i = 0; i < iters; i++) {
                    paired.add(tt.get(i) / to.get(i));
                }
                System.out.printf(Locale.ROOT, "%-6d %12.1f %12.1f %10.2f %12.2f %14.2e%n", n, mt, mo, mt / mo,
                        median(paired), diff);
                System.out.printf(Locale.ROOT, "       per face: TF %.1f ms, ORT %.1f ms; TF min/max %.1f/%.1f, ORT "
                        + "min/max %.1f/%.1f%n", mt / n, mo / n, min(tt), max(tt), min(to), max(to));
            }
        }
    }

    /** NHWC vs NCHW TF Conv2D+BiasAdd+LeakyReLU stack (3->16, 4x 16->16 at 128^2, stride 2 16->32, 2x 32->32). */
    private static void layout(int[] batches, int warmup, int iters) {
        System.out.printf(Locale.ROOT, "TensorFlow %s, conv stack NHWC vs NCHW (data_format of Conv2D/BiasAdd)%n",
                org.tensorflow.TensorFlow.version());
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %10s %10s%n", "batch", "NHWC ms", "NCHW ms", "NCHW/NHWC",
                "paired");
        for (int n : batches) {
            try (ConvStack nhwc = new ConvStack(false, n); ConvStack nchw = new ConvStack(true, n)) {
                for (int i = 0; i < warmup; i++) {
                    nhwc.run();
                    nchw.run();
                }
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                List<Double> paired = new ArrayList<>();
                for (int i = 0; i < iters; i++) {
                    double x;
                    double y;
                    if (i % 2 == 0) { // alternate which layout goes first
                        x = nhwc.run();
                        y = nchw.run();
                    } else {
                        y = nchw.run();
                        x = nhwc.run();
                    }
                    a.add(x);
                    b.add(y);
                    paired.add(y / x);
                }
                System.out.printf(Locale.ROOT, "%-6d %10.1f %10.1f %10.2f %10.2f%n", n, median(a), median(b),
                        median(b) / median(a), median(paired));
            }
        }
    }

    /** One graph + session of the conv stack in one data format. */
    private static final class ConvStack implements AutoCloseable {
        private final org.tensorflow.Graph graph = new org.tensorflow.Graph();
        private final org.tensorflow.Session session;
        private final org.tensorflow.Operand<org.tensorflow.types.TFloat32> out;
        private final org.tensorflow.types.TFloat32 input;
        private final org.tensorflow.op.core.Placeholder<org.tensorflow.types.TFloat32> x;

        ConvStack(boolean nchw, int n) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(graph);
            String fmt = nchw ? "NCHW" : "NHWC";
            Random r = new Random(0);
            x = tf.placeholder(org.tensorflow.types.TFloat32.class);
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> h = x;
            int[][] layers = {{3, 16, 1}, {16, 16, 1}, {16, 16, 1}, {16, 16, 1}, {16, 16, 1}, {16, 32, 2}, {32, 32, 1},
                {32, 32, 1}};
            for (int[] l : layers) {
                float[] w = new float[9 * l[0] * l[1]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (r.nextFloat() - 0.5f) * 0.2f;
                }
                long s = l[2];
                List<Long> strides = nchw ? List.of(1L, 1L, s, s) : List.of(1L, s, s, 1L);
                h = tf.nn.conv2d(h, tf.constant(org.tensorflow.ndarray.Shape.of(3, 3, l[0], l[1]),
                        org.tensorflow.ndarray.buffer.DataBuffers.of(w)), strides, "SAME",
                        org.tensorflow.op.nn.Conv2d.dataFormat(fmt));
                h = tf.nn.biasAdd(h, tf.constant(new float[l[1]]), org.tensorflow.op.nn.BiasAdd.dataFormat(fmt));
                h = tf.nn.leakyRelu(h, org.tensorflow.op.nn.LeakyRelu.alpha(0.2f));
            }
            out = h;
            float[] in = new float[n * 3 * 128 * 128];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextFloat();
            }
            input = org.tensorflow.types.TFloat32.tensorOf(nchw ? org.tensorflow.ndarray.Shape.of(n, 3, 128, 128)
                    : org.tensorflow.ndarray.Shape.of(n, 128, 128, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(in));
            session = new org.tensorflow.Session(graph);
        }

        double run() {
            long t = System.nanoTime();
            session.runner().feed(x, input).fetch(out).run().close();
            return (System.nanoTime() - t) / 1e6;
        }

        @Override
        public void close() {
            input.close();
            session.close();
            graph.close();
        }
    }

    /** Random network inputs of batch {@code n} and size {@code s}: images in [0,1], a near-identity grid. */
    static float[][] inputs(int n, int s, long seed) {
        Random r = new Random(seed);
        int f = s / 4;
        float[] d = new float[n * 3 * s * s];
        float[] g = new float[n * 3 * s * s];
        float[] w = new float[n * f * f * 2];
        float[] m = new float[n * s * s];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
            g[i] = r.nextFloat();
        }
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < f; y++) {
                for (int x = 0; x < f; x++) {
                    int o = ((b * f + y) * f + x) * 2;
                    // identity grid plus a small random displacement, as an MLS warp would give
                    w[o] = 2f * x / (f - 1) - 1 + (r.nextFloat() - 0.5f) * 0.1f;
                    w[o + 1] = 2f * y / (f - 1) - 1 + (r.nextFloat() - 0.5f) * 0.1f;
                }
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextFloat() < 0.004f ? 1f : 0f;
        }
        return new float[][] {d, g, w, m};
    }

    private static float[] run(AsffnetNetwork net, int n, float[][] in) {
        return net.forward(new EngineInput(n, net.size(), in[0], in[1], in[2], in[3]));
    }

    private static double time(AsffnetNetwork net, int n, float[][] in) {
        long t = System.nanoTime();
        run(net, n, in);
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static float maxAbs(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
