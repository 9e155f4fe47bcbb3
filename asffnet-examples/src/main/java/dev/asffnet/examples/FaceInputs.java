package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Restorer;
import dev.asffnet.face.ExemplarAlbum;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.formats.LandmarkFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Images and their landmarks for the CLI: stored landmarks ({@link LandmarkFiles}) when present, otherwise
 * the landmark detector, when one is given.
 */
final class FaceInputs {
    private final LandmarkFiles files = new LandmarkFiles();
    private final LandmarkDetector detector;
    /** The detector's identity for exemplar album indexes; null: no album index. */
    private final String detectorId;

    FaceInputs(LandmarkDetector detector) {
        this.detector = detector;
        this.detectorId = null;
    }

    /** Landmarks from {@code front}; exemplar folders keep them in an album index ({@link ExemplarAlbum}). */
    FaceInputs(FaceFrontEnd front) {
        this.detector = front;
        this.detectorId = front.modelId();
    }

    /** File name extensions of the images taken from a folder (lower case, without the dot). */
    static final List<String> IMAGE_EXTENSIONS = ExemplarAlbum.IMAGE_EXTENSIONS;

    /** Whether {@code file}'s name ends in one of {@link #IMAGE_EXTENSIONS} (any case). */
    static boolean isImage(Path file) {
        return ExemplarAlbum.isImage(file);
    }

    /**
     * Image files of a folder ({@link #IMAGE_EXTENSIONS}), sorted by name, possibly none; a single file as
     * itself, whatever its name.
     *
     * @throws InvalidInputException if {@code fileOrDir} is neither a file nor a folder
     */
    static List<Path> images(Path fileOrDir) {
        if (Files.isRegularFile(fileOrDir)) {
            return List.of(fileOrDir);
        }
        if (!Files.isDirectory(fileOrDir)) {
            throw new InvalidInputException("no such file or folder: " + fileOrDir + "; check the path");
        }
        return ExemplarAlbum.images(fileOrDir);
    }

    /** The image at {@code file} with its landmarks: stored, else detected. */
    Exemplar load(Path file) {
        FaceImage img = FaceImage.read(file);
        Landmarks l = files.find(file).orElseGet(() -> {
            if (detector == null) {
                throw new InvalidLandmarksException("no landmarks stored for " + file + " (expected " + file.getFileName()
                        + ".txt or a landmarks68.csv beside it) and no landmark detector is available");
            }
            return detector.detect(img);
        });
        return new Exemplar(img, l, file.toString());
    }

    /** Landmarks stored for {@code file} ({@code <image>.txt} or a {@code landmarks68.csv}), if any. */
    Optional<Landmarks> stored(Path file) {
        return files.find(file);
    }

    /** An exemplar and the file it came from. */
    record Named(Path file, Exemplar exemplar) {
    }

    /**
     * All exemplars of a folder except {@code exclude}; images that cannot be read or whose landmarks cannot
     * be had are skipped with a one-line warning on {@code warnings}. Detected landmarks of a folder are kept
     * in its album index, so a later run on the same folder only decodes the images.
     *
     * Each is reduced by {@link Restorer#prepare} as soon as it is loaded, so only one full-size exemplar is
     * held at a time; with an album index the prepared exemplars are cached too, so a later run on the same
     * album neither decodes nor aligns them again ({@link ExemplarAlbum#prepared}).
     *
     * @throws InvalidInputException if no exemplar is left
     */
    List<Named> exemplars(Path dir, Path exclude, PrintWriter warnings, Restorer restorer) {
        List<Named> out = new ArrayList<>();
        ExemplarAlbum album = detectorId != null && Files.isDirectory(dir)
                ? ExemplarAlbum.open(dir, detector, detectorId) : null;
        for (Path p : images(dir)) {
            if (exclude != null && p.toAbsolutePath().normalize().equals(exclude.toAbsolutePath().normalize())) {
                continue;
            }
            try {
                out.add(new Named(p, album != null
                        ? album.prepared(p, files.find(p), restorer.preparationId(), restorer::prepare)
                        : restorer.prepare(load(p))));
            } catch (IllegalArgumentException e) {
                warnings.println("skipping exemplar " + p + ": " + Failures.describe(e));
            }
        }
        if (album != null) {
            album.save();
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("no usable exemplar images in " + dir + " (images: "
                    + String.join(", ", IMAGE_EXTENSIONS) + "; each needs a detectable face or stored landmarks)");
        }
        return out;
    }
}
