package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.Restorers;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.image.Degradation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code demo}: takes the first validation identity of the shared data, degrades one of its photos with
 * the seeded Eqn 18 model at x4 (or {@code --scale}), restores it with the identity's other photos as
 * exemplars, and writes the degraded input, the result and a sheet (input, guidance, result, ground truth)
 * with PSNR/SSIM against the ground truth.
 */
final class DemoCommand {
    private DemoCommand() {
    }

    static void run(String[] argv) throws IOException {
        Args a = new Args(argv, 0, Set.of("output", "backend", "scale", "data", "split", "model", "device", "threads", "landmark-weights",
                "identity"));
        Path out = a.path("output");
        Files.createDirectories(out);
        Path data = a.get("data").map(Path::of).orElseGet(EvalSet::defaultData);
        Path split = a.get("split").map(Path::of).orElseGet(EvalSet::defaultSplit);
        List<EvalSet.Group> groups = EvalSet.load(data, split);
        String wanted = a.get("identity").orElse(groups.get(0).identity());
        EvalSet.Group g = groups.stream().filter(x -> x.identity().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("identity " + wanted + " not in the test set"));
        int scale = a.integer("scale", 4);
        try (Restorer restorer = Restorers.open(a.get("backend").orElse("onnx"), RestoreCommand.options(a))) {
            AlignedFace gt = g.groundTruth(0, 128);
            FaceImage degraded = Degradation.apply(gt.crop(), Degradation.evaluation(1000, scale));
            List<Exemplar> exemplars = new ArrayList<>();
            for (int i = 1; i < g.files().size(); i++) {
                exemplars.add(g.exemplar(i));
            }
            long t0 = System.nanoTime();
            RestoreResult r = restorer.restore(new Exemplar(degraded, gt.landmarks()), exemplars);
            double ms = (System.nanoTime() - t0) / 1e6;
            degraded.write(out.resolve("degraded.png"));
            r.restored().write(out.resolve("restored.png"));
            gt.crop().write(out.resolve("ground-truth.png"));
            ImageIO.write(ContactSheet.of(List.of(List.of(degraded, r.alignedGuidance(), r.restored(), gt.crop())),
                    List.of("input x" + scale, "guidance #" + r.selection().index(), "restored", "ground truth"), 192),
                    "png", out.resolve("sheet.png").toFile());
            System.out.printf(Locale.ROOT, "identity %s, %s, %d exemplars, backend %s, %.0f ms%n", g.identity(),
                    g.files().get(0).getFileName(), exemplars.size(), restorer.backend(), ms);
            System.out.printf(Locale.ROOT, "bicubic  PSNR %.2f dB  SSIM %.4f%n", ImageQuality.psnr(degraded, gt.crop()),
                    ImageQuality.ssim(degraded, gt.crop()));
            System.out.printf(Locale.ROOT, "restored PSNR %.2f dB  SSIM %.4f%n", ImageQuality.psnr(r.restored(), gt.crop()),
                    ImageQuality.ssim(r.restored(), gt.crop()));
            System.out.println("wrote " + out.resolve("sheet.png"));
        }
    }
}
