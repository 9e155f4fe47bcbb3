package dev.asffnet.spark;

import dev.asffnet.api.FaceBox;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The result table: one row per restored face, or one row for a photo that was skipped (its output already
 * existed) or failed. Columns: {@code photo} and {@code identity} as given in the photo table,
 * {@code output} (the restored file), {@code status} ({@code ok}, {@code skipped}, {@code error}),
 * {@code face} (index in the photo, best detection first), the face box {@code box_x, box_y, box_w, box_h}
 * in photo pixels, {@code exemplar} (the chosen exemplar's path as given) and its {@code distance}
 * (Eqn 2), the photo's timings {@code decode_ms, restore_ms, write_ms}, and {@code error} (null when ok).
 */
final class ResultRows {
    static final String OK = "ok";
    static final String SKIPPED = "skipped";
    static final String ERROR = "error";

    static final StructType SCHEMA = new StructType()
            .add("photo", DataTypes.StringType, false)
            .add("identity", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("face", DataTypes.IntegerType, true)
            .add("box_x", DataTypes.DoubleType, true)
            .add("box_y", DataTypes.DoubleType, true)
            .add("box_w", DataTypes.DoubleType, true)
            .add("box_h", DataTypes.DoubleType, true)
            .add("exemplar", DataTypes.StringType, true)
            .add("distance", DataTypes.DoubleType, true)
            .add("decode_ms", DataTypes.DoubleType, true)
            .add("restore_ms", DataTypes.DoubleType, true)
            .add("write_ms", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true);

    private ResultRows() {
    }

    /** Timings of one photo in milliseconds. */
    record Timings(double decodeMs, double restoreMs, double writeMs) {
    }

    static Row ok(String photo, String identity, String output, int face, FaceBox box, String exemplar,
            double distance, Timings t) {
        return RowFactory.create(photo, identity, output, OK, face, box.x(), box.y(), box.width(), box.height(),
                exemplar, distance, t.decodeMs(), t.restoreMs(), t.writeMs(), null);
    }

    static Row skipped(String photo, String identity, String output) {
        return RowFactory.create(photo, identity, output, SKIPPED, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static Row error(String photo, String identity, String error) {
        return RowFactory.create(photo, identity, null, ERROR, null, null, null, null, null, null, null, null, null,
                null, error);
    }
}
