package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.geometry.FaceAligner;
import dev.asffnet.geometry.SimilarityTransform;
import dev.asffnet.onnx.PhotoLandmarks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code restore}: restores one image or a folder of frames (old-film use: one exemplar folder for many
 * frames) with exemplars from a folder. A face crop gives the restored canonical crop; a whole photo (the
 * face covers a small part of it) gives the photo with the restored face pasted back.
 */
final class RestoreCommand {
    private RestoreCommand() {
    }

    static void run(String[] argv) throws IOException {
        Args a = new Args(argv, 0, Set.of("input", "exemplars", "output", "backend", "sheet", "model", "device", "threads", "landmark-weights"));
        Path input = a.path("input");
        Path exDir = a.path("exemplars");
        Path output = a.path("output");
        RestorerOptions opts = options(a);
        try (PhotoLandmarks detector = new PhotoLandmarks()) {
            run(a, input, exDir, output, opts, new FaceInputs(detector));
        }
    }

    private static void run(Args a, Path input, Path exDir, Path output, RestorerOptions opts, FaceInputs inputs)
            throws IOException {
        List<Exemplar> exemplars = inputs.exemplars(exDir, input);
        List<Path> frames = FaceInputs.images(input);
        boolean many = Files.isDirectory(input);
        if (many) {
            Files.createDirectories(output);
        } else if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        try (Restorer restorer = Restorers.open(a.get("backend").orElse("onnx"), opts)) {
            ProgressBar bar = many ? new ProgressBar(System.err, "restoring", frames.size()) : null;
            for (Path frame : frames) {
                List<Exemplar> faces = inputs.faces(frame);
                List<RestoreResult> all = restorer.restoreAll(faces, exemplars);
                RestoreResult r = all.get(0);
                FaceImage result = r.restored();
                if (isWholePhoto(faces.get(0), r)) {
                    result = faces.get(0).image();
                    for (RestoreResult each : all) {
                        result = pasteBack(result, each);
                    }
                }
                Path out = many ? output.resolve(stem(frame) + ".png") : output;
                result.write(out);
                if (a.get("sheet").isPresent()) {
                    Path sheet = many ? output.resolve(stem(frame) + "-sheet.png") : Path.of(a.require("sheet"));
                    ImageIO.write(ContactSheet.of(List.of(List.of(r.alignedDegraded(), r.alignedGuidance(), r.restored())),
                            List.of("input", "guidance #" + r.selection().index(), "restored"), 256), "png", sheet.toFile());
                }
                if (bar != null) {
                    bar.step();
                } else {
                    System.out.printf(Locale.ROOT, "restored %d face(s) of %s -> %s (guidance: exemplar %d of %d, distance %.4g)%n",
                            faces.size(), frame, out, r.selection().index(), exemplars.size(), r.selection().bestDistance());
                }
            }
        }
    }

    static RestorerOptions options(Args a) {
        RestorerOptions o = RestorerOptions.defaults().withThreads(a.integer("threads", 0));
        if (a.get("model").isPresent()) {
            o = o.withModelFile(a.path("model"));
        }
        if (a.get("landmark-weights").isPresent()) {
            o = o.withLandmarkWeightsFile(a.path("landmark-weights"));
        }
        String d = a.get("device").orElse("cpu");
        return switch (d) {
            case "cpu" -> o;
            case "cuda" -> o.withDevice(RestorerOptions.Device.CUDA);
            case "cuda-strict" -> o.withDevice(RestorerOptions.Device.CUDA_STRICT);
            default -> throw new InvalidInputException("--device must be cpu, cuda or cuda-strict, got '" + d + "'");
        };
    }

    /** A photo rather than a crop: the canonical crop covers under 60% of the image side. */
    static boolean isWholePhoto(Exemplar input, RestoreResult r) {
        double[] m = r.cropToInput();
        double cropSide = Math.hypot(m[0], m[3]) * r.restored().width();
        return cropSide < 0.6 * Math.min(input.image().width(), input.image().height());
    }

    static FaceImage pasteBack(FaceImage photo, RestoreResult r) {
        double[] m = r.cropToInput();
        SimilarityTransform cropToPhoto = new SimilarityTransform(m[0], m[3], m[2], m[5]);
        return FaceAligner.pasteBack(photo, r.restored(), cropToPhoto.inverse());
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
