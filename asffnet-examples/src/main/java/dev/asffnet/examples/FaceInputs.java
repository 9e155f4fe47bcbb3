package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.LandmarkFiles;
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

    /** Landmarks stored for {@code file} ({@code <image>.txt} or a {@code landmarks68.csv}), if any. */
    java.util.Optional<Landmarks> stored(Path file) {
        return files.find(file);
    }

    /** An exemplar and the file it came from. */
    record Named(Path file, Exemplar exemplar) {
    }

    /** All exemplars of a folder; images whose landmarks cannot be had are skipped with a warning. */
    List<Named> exemplars(Path dir, Path exclude) {
        List<Named> out = new ArrayList<>();
        for (Path p : images(dir)) {
            if (exclude != null && p.toAbsolutePath().normalize().equals(exclude.toAbsolutePath().normalize())) {
                continue;
            }
            try {
                out.add(new Named(p, load(p)));
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
