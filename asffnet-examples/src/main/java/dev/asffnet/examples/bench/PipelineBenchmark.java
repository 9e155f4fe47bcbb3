package dev.asffnet.examples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Selection;
import dev.asffnet.examples.EvalSet;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.crop.LandmarkMap;
import dev.asffnet.geometry.image.Degradation;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.pipeline.GuidedRestorer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-stage milliseconds of restoring one face with 10 exemplars on the ONNX backend (landmarks,
 * canonical alignment, selection, MLS warp grid, landmark map, network, paste-back, and the whole
 * {@code restore} call), the network's GFLOP/s against a plain ONNX Runtime 3x3 convolution, and the ratio
 * against the PyTorch reference model timed in the same run ({@code training/bench_reference.py}).
 *
 * <pre>java -cp "asffnet-examples/target/asffnet-cli.jar" dev.asffnet.examples.bench.PipelineBenchmark [threads] [identity]</pre>
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String identity = args.length > 1 ? args[1] : "7256";
        EvalSet.Group group = EvalSet.load(EvalSet.defaultData(), null).stream()
                .filter(g -> g.identity().equals(identity)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no identity " + identity + " in the shared data"));
        List<Exemplar> faces = new ArrayList<>();
        for (int i = 0; i < Math.min(11, group.files().size()); i++) {
            faces.add(group.exemplar(i));
        }
        AlignedFace gt = FaceAligner.align(faces.get(0).image(), faces.get(0).landmarks(), 128);
        FaceImage degraded = Degradation.apply(gt.crop(), Degradation.evaluation(7, 4));
        List<Exemplar> exemplars = faces.subList(1, faces.size());
        System.out.printf(Locale.ROOT, "identity %s, %d exemplars, %d intra-op threads, %d cores%n", identity,
                exemplars.size(), threads, Runtime.getRuntime().availableProcessors());

        RestorerOptions opts = RestorerOptions.defaults().withThreads(threads);
        try (FaceFrontEnd lm = new FaceFrontEnd(threads);
             OnnxAsffnetNetwork net = OnnxAsffnetNetwork.open(opts)) {
            Landmarks dl = gt.landmarks();
            AffineDistanceSelector selector = new AffineDistanceSelector(LandmarkWeights.uniform());
            List<AlignedFace> aligned = new ArrayList<>();
            for (Exemplar e : exemplars) {
                aligned.add(FaceAligner.align(e.image(), e.landmarks(), 128));
            }
            List<Landmarks> cand = aligned.stream().map(AlignedFace::landmarks).toList();
            Selection sel = selector.select(dl, cand);
            AlignedFace guide = aligned.get(sel.index());
            float[] grid = MlsAligner.featureGrid(dl, guide.landmarks(), 128).toNormalizedGrid();
            float[] map = LandmarkMap.draw(dl, 128, 128);
            float[] d = degraded.toArray();
            float[] g = guide.crop().toArray();
            FaceImage restored = FaceImage.of(128, 128, clamp(net.forward(new EngineInput(1, 128, d, g, grid, map))));
            FaceImage photo = faces.get(0).image();

            double tLandmarks = median(() -> lm.detect(degraded));
            double tAlign = median(() -> {
                for (Exemplar e : exemplars) {
                    FaceAligner.align(e.image(), e.landmarks(), 128);
                }
                return FaceAligner.align(degraded, dl, 128);
            });
            double tSelect = median(() -> selector.select(dl, cand));
            double tGrid = median(() -> MlsAligner.featureGrid(dl, guide.landmarks(), 128).toNormalizedGrid());
            double tMap = median(() -> LandmarkMap.draw(dl, 128, 128));
            double tNet = median(() -> net.forward(new EngineInput(1, 128, d, g, grid, map)));
            double tNetSpin;
            try (OnnxAsffnetNetwork spin = OnnxAsffnetNetwork.open(opts.withSpinningThreads(true))) {
                tNetSpin = median(() -> spin.forward(new EngineInput(1, 128, d, g, grid, map)));
            }
            double tPaste = median(() -> FaceAligner.pasteBack(photo, restored, gt.cropToPhoto().toAffine()));
            double tRestore;
            try (GuidedRestorer r = GuidedRestorer.create(OnnxAsffnetNetwork.open(opts), opts, null, null, "onnx", 1)) {
                Exemplar in = new Exemplar(degraded, dl);
                tRestore = median(() -> r.restore(in, exemplars));
            }
            double outside = tRestore - tNet;
            System.out.println("| stage | ms |\n|---|---|");
            row("landmarks (detector + 68-point net) on the degraded crop", tLandmarks);
            row("canonical alignment of 10 exemplars + input (uncached)", tAlign);
            row("guidance selection (10 candidates)", tSelect);
            row("MLS warp grid 32x32", tGrid);
            row("landmark map", tMap);
            row("network forward (ONNX Runtime)", tNet);
            row("network forward (ONNX Runtime, withSpinningThreads(true))", tNetSpin);
            row("paste-back into the source photo", tPaste);
            row("restore() end to end, landmarks given, exemplars cached", tRestore);
            System.out.printf(Locale.ROOT, "Java outside the network in restore(): %.2f ms = %.1f%% of the call%n",
                    outside, 100 * outside / tRestore);

            Path probe = Files.createTempFile("conv-probe", ".onnx");
            Map<String, Double> ref = reference(probe, threads);
            if (ref != null) {
                double flops = 2 * ref.get("macs");
                System.out.printf(Locale.ROOT, "network: %.3f GMAC = %.3f GFLOP per face -> %.1f GFLOP/s on ONNX Runtime"
                        + " (%.1f with spinning threads)%n", ref.get("macs") / 1e9, flops / 1e9,
                        flops / 1e9 / (tNet / 1e3), flops / 1e9 / (tNetSpin / 1e3));
                // the yardstick: one 3x3 convolution 64->64 at 128x128. Both graphs run bare (inputs made once
                // from direct buffers, so no per-call copy is timed), in sessions opened as the library opens
                // them, the network and the yardstick alternating call by call so that the machine's drift in
                // speed falls on both alike
                double probeFlop = 2 * ref.get("probe_macs");
                byte[] probeModel = Files.readAllBytes(probe);
                byte[] model = dev.asffnet.formats.ModelFiles.resource(PackagedModels::open, PackagedModels.ASFFNET_ONNX);
                System.out.println("| intra-op threads between operators | network, batch 1 | network, batch 8, per face"
                        + " | plain conv (yardstick), with batch 1; 8 | network / yardstick, batch 1; 8 |\n"
                        + "|---|---|---|---|---|");
                for (boolean spinning : new boolean[] {false, true}) {
                    double[] tn = new double[2];
                    double[] conv = new double[2];
                    for (int b = 0; b < 2; b++) {
                        int batch = b == 0 ? 1 : 8;
                        try (Bare n = new Bare(model, threads, spinning, batch);
                             Bare c = new Bare(probeModel, threads, spinning, 1)) {
                            double[] t = alternating(n, c);
                            tn[b] = t[0] / batch;
                            conv[b] = t[1];
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %.2f ms = %.1f GFLOP/s | %.2f ms = %.1f GFLOP/s | %.2f; %.2f ms"
                            + " = %.1f; %.1f GFLOP/s | **%.2f; %.2f** |%n", spinning ? "spin during a run"
                            + " (withSpinningThreads(true))" : "sleep (default)", tn[0], flops / 1e6 / tn[0], tn[1],
                            flops / 1e6 / tn[1], conv[0], conv[1], probeFlop / 1e6 / conv[0], probeFlop / 1e6 / conv[1],
                            conv[0] / tn[0] * flops / probeFlop, conv[1] / tn[1] * flops / probeFlop);
                }
                System.out.printf(Locale.ROOT, "PyTorch reference forward (same run, %d threads): %.2f ms; ONNX Runtime / "
                        + "PyTorch time ratio %.2f%n", threads, ref.get("torch_ms"), tNet / ref.get("torch_ms"));
            }
            Files.deleteIfExists(probe);
        }
    }

    private static Map<String, Double> reference(Path probe, int threads) {
        try {
            Path cfg = Path.of("asffnet-models/src/main/resources" + PackagedModels.ASFFNET_CONFIG);
            Process p = new ProcessBuilder("/usr/bin/python3", "training/bench_reference.py", "--config", cfg.toString(),
                    "--probe", probe.toString(), "--threads", String.valueOf(threads)).redirectErrorStream(true).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String s; (s = r.readLine()) != null; ) {
                    last = s;
                }
            }
            if (p.waitFor() != 0 || last == null) {
                System.out.println("PyTorch reference unavailable (" + last + "); skipping FLOP figures");
                return null;
            }
            Map<String, Double> out = new java.util.HashMap<>();
            Matcher m = Pattern.compile("\"(\\w+)\": ([0-9.eE+-]+)").matcher(last);
            while (m.find()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            return out;
        } catch (Exception e) {
            System.out.println("PyTorch reference unavailable (" + e + "); skipping FLOP figures");
            return null;
        }
    }

    /** One session run bare: its inputs (zeros: values do not change the time) made once from direct buffers. */
    private static final class Bare implements AutoCloseable {
        private final OrtSession session;
        private final Map<String, OnnxTensor> inputs = new java.util.HashMap<>();

        Bare(byte[] model, int threads, boolean spinning, int batch) throws OrtException {
            OrtEnvironment env = OnnxSessions.environment();
            session = OnnxSessions.open(model, "benchmark graph", RestorerOptions.Device.CPU, threads, spinning);
            for (var e : session.getInputInfo().entrySet()) {
                long[] shape = ((ai.onnxruntime.TensorInfo) e.getValue().getInfo()).getShape().clone();
                shape[0] = batch;
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                FloatBuffer b = java.nio.ByteBuffer.allocateDirect((int) (4 * n))
                        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, b, shape));
            }
        }

        /** @return the ms of one run */
        double run() {
            long s = System.nanoTime();
            try (OrtSession.Result r = session.run(inputs)) {
                return (System.nanoTime() - s) / 1e6;
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws OrtException {
            inputs.values().forEach(OnnxTensor::close);
            session.close();
        }
    }

    /** Median ms of {@code a} and of {@code b}, run alternately (5 warm-up runs each, then 41 timed). */
    private static double[] alternating(Bare a, Bare b) {
        for (int i = 0; i < 5; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[41];
        double[] tb = new double[41];
        for (int i = 0; i < ta.length; i++) {
            ta[i] = a.run();
            tb[i] = b.run();
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[ta.length / 2], tb[tb.length / 2]};
    }

    private static float[] clamp(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, Math.min(1f, v[i]));
        }
        return v;
    }

    private static void row(String name, double ms) {
        System.out.printf(Locale.ROOT, "| %s | %.3f |%n", name, ms);
    }

    /** Median wall time in ms of 25 runs after 5 warm-up runs. */
    static double median(Supplier<?> task) {
        for (int i = 0; i < 5; i++) {
            task.get();
        }
        double[] t = new double[25];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            task.get();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
