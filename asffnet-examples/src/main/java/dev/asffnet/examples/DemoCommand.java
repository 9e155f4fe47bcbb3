package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.Restorers;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.image.Degradation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: takes the first validation identity of the shared data, degrades one of its photos with
 * the seeded Eqn 18 model at x4 (or {@code --scale}), restores it with the identity's other photos as
 * exemplars, and writes the degraded input, the result and a sheet (input, guidance, result, ground truth)
 * with PSNR/SSIM against the ground truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Degrades a sample face, restores it and prints PSNR/SSIM.",
            "Takes a validation face of the shared sample data, degrades it with the seeded Eqn 18 model, restores it"
            + " with the identity's other photos as exemplars, and writes degraded.png, restored.png,"
            + " ground-truth.png and sheet.png with PSNR/SSIM."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "FOLDER",
            description = "Folder for the demo's images (created; its demo images are replaced).")
    Path output;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "4",
            description = "Degradation scale (x4 or x8 in the paper). Default: ${DEFAULT-VALUE}.")
    int scale;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--identity", paramLabel = "ID",
            description = "Identity folder to demonstrate; default: the first validation identity.")
    String identity;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        dataSet.checkOutputs(output, "demo output", "degraded.png", "restored.png", "ground-truth.png", "sheet.png");
        List<EvalSet.Group> groups = dataSet.groups();
        String wanted = identity != null ? identity : groups.get(0).identity();
        EvalSet.Group g = groups.stream().filter(x -> x.identity().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidInputException("--identity " + wanted + " is not in the test set; give one"
                        + " of its identity folder names"));
        if (scale < 1) {
            throw new InvalidInputException("--scale must be 1 or more, got " + scale);
        }
        Files.createDirectories(output);
        try (Restorer restorer = engine.open()) {
            AlignedFace gt = g.groundTruth(0, 128);
            FaceImage degraded = Degradation.apply(gt.crop(), Degradation.evaluation(1000, scale));
            List<Exemplar> exemplars = new ArrayList<>();
            for (int i = 1; i < g.files().size(); i++) {
                exemplars.add(g.exemplar(i));
            }
            long t0 = System.nanoTime();
            RestoreResult r = restorer.restore(new Exemplar(degraded, gt.landmarks()), exemplars);
            double ms = (System.nanoTime() - t0) / 1e6;
            degraded.write(output.resolve("degraded.png"));
            r.restored().write(output.resolve("restored.png"));
            gt.crop().write(output.resolve("ground-truth.png"));
            ContactSheet.write(output.resolve("sheet.png"), List.of(List.of(degraded, r.alignedGuidance(), r.restored(),
                    gt.crop())), List.of("input x" + scale, "guidance #" + r.selection().index(), "restored",
                    "ground truth"), 192);
            out.printf(Locale.ROOT, "identity %s, %s, %d exemplars, backend %s, %.0f ms%n", g.identity(),
                    g.files().get(0).getFileName(), exemplars.size(), restorer.backend(), ms);
            out.printf(Locale.ROOT, "bicubic  PSNR %.2f dB  SSIM %.4f%n", ImageQuality.psnr(degraded, gt.crop()),
                    ImageQuality.ssim(degraded, gt.crop()));
            out.printf(Locale.ROOT, "restored PSNR %.2f dB  SSIM %.4f%n", ImageQuality.psnr(r.restored(), gt.crop()),
                    ImageQuality.ssim(r.restored(), gt.crop()));
            out.println("wrote " + output.resolve("sheet.png"));
            return 0;
        }
    }
}
