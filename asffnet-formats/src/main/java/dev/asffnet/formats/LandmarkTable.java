package dev.asffnet.formats;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code landmarks68.csv} table, the interchange format of the shared face data and of {@code prepare-data}:
 * an optional header line starting with {@code file,}, then one row per image, {@code file,x0,y0,...,x67,y67}
 * (iBUG 68 order, pixel coordinates, file paths relative to the table's folder).
 *
 * <p>Reading is strict: a row without exactly 137 fields, a number that does not parse, a repeated file or
 * landmarks that {@link Landmarks#of} rejects raise an exception naming the table and line.
 */
public final class LandmarkTable {
    private static final int FIELDS = 1 + 2 * Landmarks.COUNT;

    private LandmarkTable() {
    }

    /**
     * Reads the table at {@code csv}.
     *
     * @return file (as written in the table) to landmarks, in table order; unmodifiable
     * @throws InvalidInputException when the file is missing or unreadable, or a file appears twice
     * @throws InvalidLandmarksException when a row is malformed or its landmarks are invalid
     */
    public static Map<String, Landmarks> read(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException("no landmark table at " + csv);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read landmark table " + csv + ": " + e.getMessage(), e);
        }
        Map<String, Landmarks> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("file,"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = csv + " line " + (i + 1);
            if (f.length != FIELDS) {
                throw new InvalidLandmarksException(where + ": expected " + FIELDS + " fields (file and 68 x,y pairs), got "
                        + f.length);
            }
            double[] xy = new double[FIELDS - 1];
            for (int k = 0; k < xy.length; k++) {
                try {
                    xy[k] = Double.parseDouble(f[k + 1]);
                } catch (NumberFormatException e) {
                    throw new InvalidLandmarksException(where + ": field " + (k + 2) + " is not a number: '" + f[k + 1] + "'");
                }
            }
            Landmarks l;
            try {
                l = Landmarks.of(xy);
            } catch (InvalidInputException e) {
                throw new InvalidLandmarksException(where + ": " + e.getMessage());
            }
            if (out.put(f[0], l) != null) {
                throw new InvalidInputException(where + ": file " + f[0] + " appears twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
