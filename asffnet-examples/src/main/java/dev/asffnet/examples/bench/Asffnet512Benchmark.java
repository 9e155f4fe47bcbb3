package dev.asffnet.examples.bench;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.pth.PthWriter;
import dev.asffnet.formats.pth.SeededWeights;
import dev.asffnet.onnx.Asffnet512OnnxNetwork;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The authors' ASFFNet512 on ONNX Runtime: model load time (.pth read, strict check, spectral-norm folding,
 * ONNX assembly, session creation), seconds per face (median of timed forwards after one warm-up), process
 * peak memory (VmHWM), and the PyTorch reference forward of training/asffnet512/bench_torch.py in the same run
 * on the same machine. Without {@code --pth} it writes the fixture's seeded weights to a temporary .pth first.
 *
 * <pre>
 * java -cp 'asffnet-examples/target/asffnet-cli.jar:asffnet-examples/target/lib/*' \
 *     dev.asffnet.examples.bench.Asffnet512Benchmark [--pth ASFFNet512.pth] [--size 512] [--iters 3]
 *     [--threads 0] [--torch-iters 2] (0: skip PyTorch)
 * </pre>
 */
public final class Asffnet512Benchmark {
    private Asffnet512Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path pth = null;
        int size = 512;
        int iters = 3;
        int threads = 0;
        int torchIters = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--pth" -> pth = Path.of(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--iters" -> iters = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--torch-iters" -> torchIters = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path tmp = null;
        if (pth == null) {
            tmp = Files.createTempDirectory("asffnet512-bench");
            pth = tmp.resolve("ASFFNet512.pth");
            long t0 = System.nanoTime();
            PthWriter.write(pth, SeededWeights.generate(Asffnet512Weights.spec(), Asffnet512Weights.FIXTURE_SEED)
                    .tensors(), "params");
            System.out.printf(Locale.ROOT, "seeded .pth written in %.1f s (%.1f MB)%n", secs(t0), Files.size(pth) / 1e6);
        }
        System.out.printf(Locale.ROOT, "load average before: %s", Files.readString(Path.of("/proc/loadavg")));
        long t0 = System.nanoTime();
        try (Asffnet512OnnxNetwork net = Asffnet512OnnxNetwork.open(pth, RestorerOptions.Device.CPU, threads)) {
            System.out.printf(Locale.ROOT, "model load (.pth read + check + SN fold + ONNX assembly + ORT session): %.1f s%n",
                    secs(t0));
            Random rnd = new Random(0);
            int g = size / 4;
            float[] lq = random(rnd, 3 * size * size, 2, -1);
            float[] ref = random(rnd, 3 * size * size, 2, -1);
            float[] mask = new float[size * size];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rnd.nextDouble() > 0.99 ? 1 : 0;
            }
            float[] grid = random(rnd, g * g * 2, 2, -1);
            t0 = System.nanoTime();
            net.run(1, size, lq, ref, mask, grid);
            System.out.printf(Locale.ROOT, "ORT warm-up forward at %d: %.1f s%n", size, secs(t0));
            double[] t = new double[iters];
            for (int i = 0; i < iters; i++) {
                t0 = System.nanoTime();
                net.run(1, size, lq, ref, mask, grid);
                t[i] = secs(t0);
            }
            double[] sorted = t.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "ORT Java forward at %d, threads %s: median %.2f s per face (runs %s)%n", size,
                    threads == 0 ? "default" : threads, sorted[iters / 2], Arrays.toString(t));
        }
        System.out.println("process peak memory (VmHWM): " + peak());
        System.out.printf(Locale.ROOT, "load average after: %s", Files.readString(Path.of("/proc/loadavg")));
        if (torchIters > 0) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "training/asffnet512/bench_torch.py", "--size",
                    Integer.toString(size), "--iters", Integer.toString(torchIters), "--threads",
                    Integer.toString(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                r.lines().filter(l -> l.startsWith("torch ")).forEach(l -> System.out.println("PyTorch reference: " + l));
            }
            p.waitFor();
        }
        if (tmp != null) {
            Files.deleteIfExists(pth);
            Files.deleteIfExists(tmp);
        }
    }

    private static float[] random(Random rnd, int n, float scale, float offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextFloat() * scale + offset;
        }
        return a;
    }

    private static String peak() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("n/a");
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
