package dev.asffnet.spark;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.formats.LandmarkFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Restores one partition of the job's input: rows of {@link #INPUT} sorted by identity, then kind (exemplars
 * before photos), then path. Each identity's exemplars are decoded, and their landmarks found, once, when its
 * first photo needs restoring; each photo goes through {@code Restorer.restorePhoto} with the executor's shared
 * restorer. Failures of one photo become error rows; only a restorer that cannot be opened fails the task.
 */
final class PartitionRestorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final int EXEMPLAR = 0;
    static final int PHOTO = 1;

    /** The job's input rows: photos and exemplars in one table, landmarks only on exemplars (nullable). */
    static final StructType INPUT = new StructType()
            .add("identity", DataTypes.StringType, false)
            .add("kind", DataTypes.IntegerType, false)
            .add("path", DataTypes.StringType, true)
            .add("landmarks_file", DataTypes.StringType, true)
            .add("landmarks", DataTypes.createArrayType(DataTypes.DoubleType, true), true);

    private final ExecutorRestorers.Key restorer;
    private final String inputRoot;
    private final String outputRoot;

    PartitionRestorer(ExecutorRestorers.Key restorer, Path inputRoot, Path outputRoot) {
        this.restorer = restorer;
        this.inputRoot = inputRoot.toString();
        this.outputRoot = outputRoot.toString();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Rows(input);
    }

    /** The exemplars of one identity, decoded on first use; {@code failure} when none is usable. */
    private final class Identity {
        final String name;
        final List<Row> rows = new ArrayList<>();
        List<String> paths;
        List<Exemplar> exemplars;
        String failure;

        Identity(String name) {
            this.name = name;
        }

        void load(LandmarkFiles stored) {
            if (exemplars != null || failure != null) {
                return;
            }
            List<String> ok = new ArrayList<>();
            List<Exemplar> out = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Row r : rows) {
                String p = r.getString(2);
                try {
                    out.add(exemplar(r, stored));
                    ok.add(p);
                } catch (RuntimeException e) {
                    problems.add(p + ": " + describe(e));
                    System.err.println("asffnet: skipping exemplar " + p + " of identity " + name + ": " + describe(e));
                }
            }
            if (out.isEmpty()) {
                failure = "no usable exemplar for identity '" + name + "'"
                        + (rows.isEmpty() ? " (none in the exemplar table)" : ": " + String.join("; ", problems));
            } else {
                exemplars = out;
                paths = ok;
            }
        }

        private Exemplar exemplar(Row r, LandmarkFiles stored) {
            Path file = resolve(r.getString(2));
            FaceImage img = FaceImage.read(file);
            Landmarks l = columns(r);
            if (l == null && !r.isNullAt(3)) {
                l = LandmarkFiles.readSidecar(resolve(r.getString(3)));
            }
            if (l == null) {
                l = stored.find(file).orElseGet(() -> ExecutorRestorers.frontEnd(restorer.threads()).detect(img));
            }
            // keep only what alignment reads: an identity's exemplars stay small however large the photos
            return ExecutorRestorers.restorer(restorer).prepare(new Exemplar(img, l, file.toString()));
        }
    }

    /** Landmarks from the x0..y67 columns, or null when the row has none (or only some). */
    private static Landmarks columns(Row r) {
        if (r.isNullAt(4)) {
            return null;
        }
        List<Object> xs = r.getList(4);
        double[] xy = new double[xs.size()];
        for (int i = 0; i < xy.length; i++) {
            if (xs.get(i) == null) {
                return null;
            }
            xy[i] = ((Number) xs.get(i)).doubleValue();
        }
        return Landmarks.of(xy);
    }

    /** The output rows of a partition, produced lazily as Spark consumes them. */
    private final class Rows implements Iterator<Row> {
        private final Iterator<Row> input;
        private final Deque<Row> pending = new ArrayDeque<>();
        private final LandmarkFiles stored = new LandmarkFiles();
        private Identity current;

        Rows(Iterator<Row> input) {
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && input.hasNext()) {
                Row r = input.next();
                String identity = r.getString(0);
                if (current == null || !current.name.equals(identity)) {
                    current = new Identity(identity);
                }
                if (r.getInt(1) == EXEMPLAR) {
                    current.rows.add(r);
                } else {
                    pending.addAll(photo(r.getString(2), current, stored));
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }
    }

    private List<Row> photo(String photo, Identity identity, LandmarkFiles stored) {
        String id = identity.name;
        if (photo == null) {
            return List.of(ResultRows.error("", id, "InvalidInputException: the photo table has a row without a path"));
        }
        Path out;
        Path file;
        try {
            file = resolve(photo);
            out = outputFor(file);
        } catch (RuntimeException e) {
            return List.of(ResultRows.error(photo, id, describe(e)));
        }
        if (Files.exists(out)) {
            return List.of(ResultRows.skipped(photo, id, out.toString()));
        }
        identity.load(stored);
        if (identity.failure != null) {
            return List.of(ResultRows.error(photo, id, identity.failure));
        }
        Restorer r = ExecutorRestorers.restorer(restorer); // a model that cannot be loaded fails the task
        try {
            long t0 = System.nanoTime();
            FaceImage img = FaceImage.read(file);
            long t1 = System.nanoTime();
            PhotoResult result = r.restorePhoto(img, identity.exemplars);
            long t2 = System.nanoTime();
            writeAtomically(result.image(), out);
            long t3 = System.nanoTime();
            ResultRows.Timings t = new ResultRows.Timings((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < result.faces().size(); i++) {
                FaceReport f = result.faces().get(i);
                rows.add(ResultRows.ok(photo, id, out.toString(), i, f.box(), identity.paths.get(f.exemplarIndex()),
                        f.distance(), t));
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            return List.of(ResultRows.error(photo, id, describe(e)));
        }
    }

    /** A table path: absolute, a {@code file:} URI, or relative to the input root. */
    private Path resolve(String p) {
        if (p.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(URI.create(p)).normalize();
        }
        if (p.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
            throw new InvalidInputException("'" + p + "' is not a local path or file: URI; mount the storage on every"
                    + " executor and give its local path");
        }
        return Path.of(inputRoot).resolve(p).normalize();
    }

    /** The output of {@code photo}: its path relative to the input root, under the output root, as PNG. */
    private Path outputFor(Path photo) {
        Path root = Path.of(inputRoot);
        if (!photo.startsWith(root)) {
            throw new InvalidInputException("photo " + photo + " is not under the input root " + root
                    + "; set the input root to a folder that holds every photo");
        }
        Path rel = root.relativize(photo);
        String name = rel.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of(outputRoot).resolve(rel).resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }

    /** Writes to a temporary file in the same folder and moves it into place, so a file that exists is whole. */
    static void writeAtomically(FaceImage image, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling("." + out.getFileName() + "." + UUID.randomUUID() + ".tmp.png");
        try {
            image.write(tmp);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
