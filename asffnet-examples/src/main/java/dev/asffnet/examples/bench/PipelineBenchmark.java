package dev.asffnet.examples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
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
            row("paste-back into the source photo", tPaste);
            row("restore() end to end, landmarks given, exemplars cached", tRestore);
            System.out.printf(Locale.ROOT, "Java outside the network in restore(): %.2f ms = %.1f%% of the call%n",
                    outside, 100 * outside / tRestore);

            Path probe = Files.createTempFile("conv-probe", ".onnx");
            Map<String, Double> ref = reference(probe, threads);
            if (ref != null) {
                double flops = 2 * ref.get("macs");
                System.out.printf(Locale.ROOT, "network: %.3f GMAC = %.3f GFLOP per face -> %.1f GFLOP/s on ONNX Runtime%n",
                        ref.get("macs") / 1e9, flops / 1e9, flops / 1e9 / (tNet / 1e3));
                // the yardstick: one 3x3 convolution 64->64 at 128x128, its input made once from a direct buffer, so
                // the timed call is the convolution, not a per-call copy of 4 MB into a new direct buffer
                double probeFlop = 2 * ref.get("probe_macs");
                byte[] probeModel = Files.readAllBytes(probe);
                double tProbe = bare(probeModel, threads, Spin.SPIN, 1);
                System.out.printf(Locale.ROOT, "plain 3x3 conv 64->64 @128x128 on ONNX Runtime: %.2f ms = %.1f GFLOP/s%n",
                        tProbe, probeFlop / 1e9 / (tProbe / 1e3));
                // the same comparison with both graphs run bare (inputs made once from direct buffers), with
                // the production session options (idle threads sleep) and with ORT's default (they spin)
                byte[] model = dev.asffnet.formats.ModelFiles.resource(PackagedModels::open, PackagedModels.ASFFNET_ONNX);
                System.out.println("| bare session run | idle threads sleep | spin (ORT default) | spin during a run only |\n"
                        + "|---|---|---|---|");
                for (int batch : new int[] {1, 8}) {
                    StringBuilder row = new StringBuilder("| network, batch " + batch + ", per face |");
                    for (Spin spin : Spin.values()) {
                        double t = bare(model, threads, spin, batch) / batch;
                        row.append(String.format(Locale.ROOT, " %.2f ms = %.1f GFLOP/s |", t, flops / 1e9 / (t / 1e3)));
                    }
                    System.out.println(row);
                }
                StringBuilder row = new StringBuilder("| plain conv (yardstick) |");
                for (Spin spin : Spin.values()) {
                    double t = bare(probeModel, threads, spin, 1);
                    row.append(String.format(Locale.ROOT, " %.2f ms = %.1f GFLOP/s |", t, probeFlop / 1e9 / (t / 1e3)));
                }
                System.out.println(row);
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

    /** What idle intra-op threads do: sleep, spin (ORT's default), or spin only while a run is active. */
    private enum Spin {
        SLEEP, SPIN, DURING_RUN
    }

    /**
     * Median ms of one bare {@code run} of {@code model} at {@code batch}, its inputs (zeros: values do not
     * change the time) made once from direct buffers.
     */
    private static double bare(byte[] model, int threads, Spin spin, int batch) throws Exception {
        OrtEnvironment env = OnnxSessions.environment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.addConfigEntry("session.intra_op.allow_spinning", spin == Spin.SLEEP ? "0" : "1");
            if (spin == Spin.DURING_RUN) {
                o.addConfigEntry("session.force_spinning_stop", "1");
            }
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession s = env.createSession(model, o)) {
                Map<String, OnnxTensor> in = new java.util.HashMap<>();
                try {
                    for (var e : s.getInputInfo().entrySet()) {
                        long[] shape = ((ai.onnxruntime.TensorInfo) e.getValue().getInfo()).getShape().clone();
                        shape[0] = batch;
                        long n = 1;
                        for (long d : shape) {
                            n *= d;
                        }
                        FloatBuffer b = java.nio.ByteBuffer.allocateDirect((int) (4 * n))
                                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
                        in.put(e.getKey(), OnnxTensor.createTensor(env, b, shape));
                    }
                    return median(() -> {
                        try (OrtSession.Result r = s.run(in)) {
                            return r.get(0);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
        }
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
