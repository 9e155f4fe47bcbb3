package dev.asffnet.formats;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads landmarks stored beside images: a sidecar {@code <image>.txt} with 68 lines "x y" (the
 * ASFFNet512/DMDNet convention), or a {@code landmarks68.csv} ({@code file,x0,y0,...,x67,y67}, file paths
 * relative to the CSV's folder) in the image's folder or one of its two parent folders.
 */
public final class LandmarkFiles {
    private final Map<Path, Map<Path, Landmarks>> csvCache = new HashMap<>();

    /** Landmarks for {@code image}, or empty when none are stored. */
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
                Landmarks l = csvCache.computeIfAbsent(csv, LandmarkFiles::readCsv).get(abs);
                if (l != null) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a landmark file of 68 lines "x y" (or "x,y").
     *
     * @throws InvalidInputException if it cannot be parsed; {@link UncheckedIOException} if it cannot be read
     */
    public static Landmarks readSidecar(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            double[] xy = new double[lines.size() * 2];
            for (int i = 0; i < lines.size(); i++) {
                String[] p = lines.get(i).split("[\\s,]+");
                xy[2 * i] = Double.parseDouble(p[0]);
                xy[2 * i + 1] = Double.parseDouble(p[1]);
            }
            return Landmarks.of(xy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot parse landmark file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<Path, Landmarks> readCsv(Path csv) {
        Map<Path, Landmarks> out = new HashMap<>();
        LandmarkTable.read(csv).forEach((file, l) -> out.put(csv.getParent().resolve(file).toAbsolutePath().normalize(), l));
        return out;
    }
}
