package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images and their landmarks for the CLI: stored landmarks ({@link LandmarkFiles}) when present, otherwise
 * the landmark detector, when one is given.
 */
final class FaceInputs {
    private final LandmarkFiles files = new LandmarkFiles();
    private final LandmarkDetector detector;

    FaceInputs(LandmarkDetector detector) {
        this.detector = detector;
    }

    /** Image files of a folder (png, jpg, jpeg, bmp), sorted by name; a single file as itself. */
    static List<Path> images(Path fileOrDir) {
        if (Files.isRegularFile(fileOrDir)) {
            return List.of(fileOrDir);
        }
        if (!Files.isDirectory(fileOrDir)) {
            throw new InvalidInputException("no such file or folder: " + fileOrDir);
        }
        try (Stream<Path> s = Files.list(fileOrDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image at {@code file} with its landmarks. */
    Exemplar load(Path file) {
        FaceImage img = FaceImage.read(file);
        Landmarks l = files.find(file).orElseGet(() -> {
            if (detector == null) {
                throw new InvalidLandmarksException("no landmarks stored for " + file + " (expected " + file.getFileName()
                        + ".txt or a landmarks68.csv beside it) and no landmark detector is available");
            }
            return detector.detect(img);
        });
        return new Exemplar(img, l);
    }

    /**
     * The faces of an input image: the stored landmarks when present (one face); otherwise every face the
     * detector finds; otherwise the whole image taken as one face crop.
     */
    List<Exemplar> faces(Path file) {
        FaceImage img = FaceImage.read(file);
        java.util.Optional<Landmarks> stored = files.find(file);
        if (stored.isPresent()) {
            return List.of(new Exemplar(img, stored.get()));
        }
        if (detector == null) {
            throw new InvalidLandmarksException("no landmarks stored for " + file + " and no landmark detector");
        }
        List<Exemplar> out = new ArrayList<>();
        if (detector instanceof dev.asffnet.onnx.PhotoLandmarks photo) {
            for (dev.asffnet.api.FaceBox box : photo.faces(img)) {
                if (Math.min(box.width(), box.height()) >= 16) {
                    out.add(new Exemplar(img, photo.detect(img, box)));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new Exemplar(img, detector.detect(img)));
        }
        return out;
    }

    /** All exemplars of a folder; images whose landmarks cannot be had are skipped with a warning. */
    List<Exemplar> exemplars(Path dir, Path exclude) {
        List<Exemplar> out = new ArrayList<>();
        for (Path p : images(dir)) {
            if (exclude != null && p.toAbsolutePath().normalize().equals(exclude.toAbsolutePath().normalize())) {
                continue;
            }
            try {
                out.add(load(p));
            } catch (IllegalArgumentException e) {
                System.err.println("skipping exemplar " + p + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("no usable exemplar images in " + dir);
        }
        return out;
    }
}
