package dev.asffnet.formats;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads landmarks stored beside images: a sidecar {@code <image>.txt} with 68 lines "x y" (the
 * ASFFNet512/DMDNet convention), or a {@code landmarks68.csv} ({@code file,x0,y0,...,x67,y67}, file paths
 * relative to the CSV's folder) in the image's folder or one of its two parent folders. A bad CSV row
 * affects only its own image (see {@link LandmarkTable#load}); every error names the landmark file (and line).
 */
public final class LandmarkFiles {
    private final Map<Path, Indexed> csvCache = new HashMap<>();

    /** A table and, for each of its files, the absolute image path it stands for. */
    private record Indexed(LandmarkTable table, Map<Path, String> keys) {
    }

    /**
     * Landmarks for {@code image}, or empty when none are stored.
     *
     * @param image the image file
     * @return its landmarks, or empty
     * @throws InvalidLandmarksException if the image's sidecar or its CSV row is malformed (naming the file and line)
     * @throws InvalidInputException if a landmark file cannot be read or is not UTF-8 text
     */
    public Optional<Landmarks> find(Path image) {
        Path abs = image.toAbsolutePath().normalize();
        Path sidecar = abs.resolveSibling(abs.getFileName() + ".txt");
        if (Files.isRegularFile(sidecar)) {
            return Optional.of(readSidecar(sidecar));
        }
        Path dir = abs.getParent();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path csv = dir.resolve("landmarks68.csv");
            if (Files.isRegularFile(csv)) {
                Indexed t = csvCache.computeIfAbsent(csv, LandmarkFiles::index);
                String key = t.keys().get(abs);
                if (key != null) {
                    return t.table().find(key);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a landmark file of 68 lines "x y" (or "x,y"), UTF-8, BOM and CRLF accepted.
     *
     * @param file the file
     * @return its landmarks
     * @throws InvalidLandmarksException naming the file and line when it cannot be parsed
     */
    public static Landmarks readSidecar(Path file) {
        List<String> lines = TextLines.read(file, "landmark file");
        double[] xy = new double[2 * Landmarks.COUNT];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("[\\s,]+");
            if (p.length != 2 || n == Landmarks.COUNT) {
                throw new InvalidLandmarksException("landmark file " + file + " line " + (i + 1) + ": expected "
                        + Landmarks.COUNT + " lines of two numbers \"x y\", got '" + line + "'");
            }
            try {
                xy[2 * n] = Double.parseDouble(p[0]);
                xy[2 * n + 1] = Double.parseDouble(p[1]);
            } catch (NumberFormatException e) {
                throw new InvalidLandmarksException("landmark file " + file + " line " + (i + 1)
                        + ": not a number in '" + line + "'");
            }
            n++;
        }
        if (n != Landmarks.COUNT) {
            throw new InvalidLandmarksException("landmark file " + file + " has " + n + " points; expected "
                    + Landmarks.COUNT + " lines \"x y\"");
        }
        try {
            return Landmarks.of(xy);
        } catch (InvalidInputException e) {
            throw new InvalidLandmarksException("landmark file " + file + ": " + e.getMessage());
        }
    }

    private static Indexed index(Path csv) {
        LandmarkTable t = LandmarkTable.load(csv);
        Map<Path, String> keys = new HashMap<>();
        List<String> files = new java.util.ArrayList<>(t.landmarks().keySet());
        files.addAll(t.errors().keySet());
        for (String file : files) {
            try {
                keys.put(csv.getParent().resolve(file).toAbsolutePath().normalize(), file);
            } catch (java.nio.file.InvalidPathException e) {
                // a garbled file name cannot match any image
            }
        }
        return new Indexed(t, keys);
    }
}
