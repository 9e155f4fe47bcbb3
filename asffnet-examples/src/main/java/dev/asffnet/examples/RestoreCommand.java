package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.geometry.crop.FaceAligner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code restore}: restores one image or a folder of frames (old-film use: one exemplar folder for many
 * frames) with exemplars from a folder, through the library's photo-level call: every output has its
 * input's size, with each restored face pasted back.
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
        try (FaceFrontEnd exemplarFaces = new FaceFrontEnd(opts.threads())) {
            run(a, input, exDir, output, opts, new FaceInputs(exemplarFaces));
        }
    }

    private static void run(Args a, Path input, Path exDir, Path output, RestorerOptions opts, FaceInputs inputs)
            throws IOException {
        List<FaceInputs.Named> named = inputs.exemplars(exDir, input);
        List<Exemplar> exemplars = named.stream().map(FaceInputs.Named::exemplar).toList();
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
                PhotoResult result = restore(restorer, inputs, frame, exemplars);
                Path out = many ? output.resolve(stem(frame) + ".png") : output;
                result.image().write(out);
                RestoreResult r = result.faces().get(0).result();
                if (a.get("sheet").isPresent()) {
                    Path sheet = many ? output.resolve(stem(frame) + "-sheet.png") : Path.of(a.require("sheet"));
                    ImageIO.write(ContactSheet.of(List.of(List.of(r.alignedDegraded(), r.alignedGuidance(), r.restored())),
                            List.of("input", "guidance " + named.get(r.selection().index()).file().getFileName(),
                                    "restored"), 256), "png", sheet.toFile());
                }
                if (bar != null) {
                    bar.step();
                } else {
                    System.out.printf(Locale.ROOT, "restored %d face(s) of %s -> %s (guidance: %s, distance %.4g)%n",
                            result.faces().size(), frame, out, named.get(r.selection().index()).file().getFileName(),
                            r.selection().bestDistance());
                }
            }
        }
    }

    /**
     * One photo: with stored landmarks, that face is restored and pasted back; otherwise the library's
     * photo-level call finds every face. Either way the result has the input's size.
     */
    static PhotoResult restore(Restorer restorer, FaceInputs inputs, Path frame, List<Exemplar> exemplars) {
        FaceImage img = FaceImage.read(frame);
        Optional<Landmarks> stored = inputs.stored(frame);
        if (stored.isEmpty()) {
            return restorer.restorePhoto(img, exemplars);
        }
        RestoreResult r = restorer.restore(new Exemplar(img, stored.get()), exemplars);
        FaceImage pasted = FaceAligner.pasteBack(img, r.restored(), r.cropToInput());
        return new PhotoResult(pasted, List.of(new FaceReport(new FaceBox(0, 0, img.width(), img.height(), 1),
                stored.get(), r)));
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

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
