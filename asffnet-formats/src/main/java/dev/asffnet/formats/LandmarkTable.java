package dev.asffnet.formats;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code landmarks68.csv} table, the interchange format of the shared face data and of {@code prepare-data}:
 * an optional header line starting with {@code file,}, then one row per image, {@code file,x0,y0,...,x67,y67}
 * (iBUG 68 order, pixel coordinates, file paths relative to the table's folder). UTF-8, with or without a
 * byte-order mark; LF or CRLF line ends.
 *
 * <p>{@link #load} is tolerant: a bad row (wrong field count, a number that does not parse, landmarks that
 * {@link Landmarks#of} rejects, a repeated file) spoils only its own image, for which {@link #find} throws an
 * exception naming the table and line. {@link #read} is the strict form that rejects the whole table.
 *
 * @param csv the table's path
 * @param landmarks file (as written in the table) to landmarks of the good rows, in table order
 * @param errors file to the problem of its row(s), "table line N: ..."
 */
public record LandmarkTable(Path csv, Map<String, Landmarks> landmarks, Map<String, String> errors) {
    private static final int FIELDS = 1 + 2 * Landmarks.COUNT;

    /**
     * Copies the maps into unmodifiable ones that keep their order.
     *
     * @param csv the table's path
     * @param landmarks file to landmarks of the good rows (copied)
     * @param errors file to the problem of its row (copied)
     */
    public LandmarkTable {
        landmarks = Collections.unmodifiableMap(new LinkedHashMap<>(landmarks));
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /**
     * Reads the table at {@code csv}, keeping each bad row's problem for its own file.
     *
     * @param csv the CSV file
     * @return the table with its good rows and errors
     * @throws InvalidInputException when the file is missing, unreadable or not UTF-8
     */
    public static LandmarkTable load(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException("no landmark table at " + csv);
        }
        List<String> lines = TextLines.read(csv, "landmark table");
        Map<String, Landmarks> good = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("file,"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            String file = f[0].strip();
            String where = csv + " line " + (i + 1);
            Integer earlier = lineOf.putIfAbsent(file, i + 1);
            try {
                Landmarks l = parseRow(f);
                if (earlier != null) {
                    throw new InvalidLandmarksException("file " + file + " appears twice (also on line " + earlier + ")");
                }
                if (!errors.containsKey(file)) {
                    good.put(file, l);
                }
            } catch (InvalidInputException e) {
                good.remove(file);
                errors.put(file, where + ": " + e.getMessage());
            }
        }
        return new LandmarkTable(csv, good, errors);
    }

    private static Landmarks parseRow(String[] f) {
        if (f.length != FIELDS) {
            throw new InvalidLandmarksException("expected " + FIELDS + " fields (file and 68 x,y pairs), got " + f.length);
        }
        double[] xy = new double[FIELDS - 1];
        for (int k = 0; k < xy.length; k++) {
            try {
                xy[k] = Double.parseDouble(f[k + 1].strip());
            } catch (NumberFormatException e) {
                throw new InvalidLandmarksException("field " + (k + 2) + " is not a number: '" + f[k + 1] + "'");
            }
        }
        return Landmarks.of(xy);
    }

    /**
     * The landmarks of {@code file} (as written in the table), or empty when the table has no row for it.
     *
     * @param file the file name as written in the table
     * @return its landmarks, or empty
     * @throws InvalidLandmarksException naming the table and line when the file's row is bad
     */
    public Optional<Landmarks> find(String file) {
        String error = errors.get(file);
        if (error != null) {
            throw new InvalidLandmarksException(error);
        }
        return Optional.ofNullable(landmarks.get(file));
    }

    /**
     * Reads the table at {@code csv} strictly.
     *
     * @param csv the CSV file
     * @return file (as written in the table) to landmarks, in table order; unmodifiable
     * @throws InvalidInputException when the file is missing, unreadable or not UTF-8
     * @throws InvalidLandmarksException when a row is malformed, its landmarks are invalid or a file appears twice
     */
    public static Map<String, Landmarks> read(Path csv) {
        LandmarkTable t = load(csv);
        if (!t.errors().isEmpty()) {
            String more = t.errors().size() > 1 ? " (and " + (t.errors().size() - 1) + " more bad rows)" : "";
            throw new InvalidLandmarksException(t.errors().values().iterator().next() + more);
        }
        return t.landmarks();
    }
}
