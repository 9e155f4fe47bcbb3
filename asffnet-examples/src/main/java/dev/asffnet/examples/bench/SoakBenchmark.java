package dev.asffnet.examples.bench;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.examples.EvalSet;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Soak: restores faces many times with one restorer (fresh input objects each time, so nothing is cached
 * by identity except the exemplars) and prints the process's resident memory (VmRSS) and the JVM heap every
 * {@code N/10} restores, to show native memory is released.
 *
 * <pre>java -cp asffnet-examples/target/asffnet-cli.jar dev.asffnet.examples.bench.SoakBenchmark [count] [backend]</pre>
 */
public final class SoakBenchmark {
    private SoakBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String backend = args.length > 1 ? args[1] : "onnx";
        EvalSet.Group group = EvalSet.load(EvalSet.defaultData(), null).get(0);
        List<Exemplar> faces = new ArrayList<>();
        for (int i = 0; i < Math.min(6, group.files().size()); i++) {
            faces.add(group.exemplar(i));
        }
        AlignedFace gt = FaceAligner.align(faces.get(0).image(), faces.get(0).landmarks(), 128);
        FaceImage degraded = Degradation.apply(gt.crop(), Degradation.evaluation(3, 4));
        float[] pixels = degraded.toArray();
        List<Exemplar> exemplars = faces.subList(1, faces.size());
        try (Restorer r = Restorers.open(backend, RestorerOptions.defaults().withThreads(2))) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                Exemplar in = new Exemplar(FaceImage.of(128, 128, pixels), gt.landmarks());
                r.restore(in, exemplars);
                if (i % Math.max(1, count / 10) == 0) {
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(Locale.ROOT, "%5d restores  %.1f s  VmRSS %d MB  heap used %d MB%n", i,
                            (System.nanoTime() - t0) / 1e9, rssMb(), (rt.totalMemory() - rt.freeMemory()) >> 20);
                }
            }
        }
    }

    static long rssMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
