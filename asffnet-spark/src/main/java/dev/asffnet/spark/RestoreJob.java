package dev.asffnet.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Restores a photo archive on Spark. Photos and exemplars are repartitioned together by identity; each
 * task decodes an identity's exemplars once and restores its photos with the library's
 * {@code Restorer.restorePhoto}, using the one restorer its executor holds. Restored photos are written
 * atomically under the output root with the input layout; a photo whose output exists is skipped, so a
 * killed job resumes where it stopped. A photo that cannot be restored becomes a row with an error; it never
 * fails the job.
 *
 * <pre>{@code
 * spark-submit --class dev.asffnet.spark.RestoreJob --jars <asffnet jars> asffnet-spark.jar \
 *     --photos photos.csv --exemplars exemplars.parquet --input-root /archive --output-root /restored \
 *     --results /restored/_results.parquet [--backend onnx|tf] [--device cpu|cuda|cuda-strict] [--threads N] \
 *     [--model model.onnx] [--partitions N]
 * }</pre>
 */
public final class RestoreJob {
    private RestoreJob() {
    }

    /**
     * {@code spark-submit} entry point; see {@link RestoreJobOptions#fromArgs} for the arguments.
     *
     * @param args the application arguments
     * @throws java.io.IOException declared by the signature; the current implementation does not throw it
     */
    public static void main(String[] args) throws java.io.IOException {
        RestoreJobOptions o = RestoreJobOptions.fromArgs(args);
        try (SparkSession spark = SparkSession.builder().appName("asffnet-restore").getOrCreate()) {
            Dataset<Row> results = run(spark, o);
            System.out.println("asffnet: results in " + o.results() + "; photos by status:");
            results.groupBy("status").agg(org.apache.spark.sql.functions.countDistinct("photo").as("photos"))
                    .orderBy("status").collectAsList()
                    .forEach(r -> System.out.println("  " + r.getString(0) + ": " + r.getLong(1)));
        }
    }

    /**
     * Runs the job and writes its result table.
     *
     * @param spark the session to run in
     * @param options the tables, folders and engine settings
     * @return the result table as written (read back from {@code options.results()}, so using it does not
     *     run the job again); columns as described in {@link #resultColumns()}
     * @throws InvalidInputException if a table lacks a {@code path} or {@code identity} column
     */
    public static Dataset<Row> run(SparkSession spark, RestoreJobOptions options) {
        int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        int threads = options.threads() > 0 ? options.threads() : taskCpus;
        int partitions = options.partitions() > 0 ? options.partitions()
                : 4 * spark.sparkContext().defaultParallelism();
        ExecutorRestorers.Key key = new ExecutorRestorers.Key(options.backend(), options.model().orElse(""), options.device(),
                threads);
        Dataset<Row> input = exemplars(read(spark, options.exemplars(), "exemplar"))
                .unionByName(photos(read(spark, options.photos(), "photo")))
                .repartition(partitions, col("identity"))
                .sortWithinPartitions("identity", "kind", "path");
        input.mapPartitions(new PartitionRestorer(key, options.inputRoot(), options.outputRoot()),
                        Encoders.row(ResultRows.SCHEMA))
                .write().mode(SaveMode.Overwrite).parquet(options.results());
        return spark.read().parquet(options.results());
    }

    /**
     * The result table's column names, in order (see the {@code ResultRows} Javadoc for their meaning).
     *
     * @return the column names
     */
    public static List<String> resultColumns() {
        return Arrays.asList(ResultRows.SCHEMA.fieldNames());
    }

    private static Dataset<Row> read(SparkSession spark, String table, String what) {
        Dataset<Row> t = table.toLowerCase(Locale.ROOT).endsWith(".csv")
                ? spark.read().option("header", "true").csv(table)
                : spark.read().parquet(table);
        List<String> columns = Arrays.asList(t.columns());
        if (!columns.contains("path") || !columns.contains("identity")) {
            throw new InvalidInputException("the " + what + " table " + table + " needs columns 'path' and 'identity', has "
                    + columns);
        }
        return t;
    }

    private static Column identity() {
        return coalesce(col("identity").cast(DataTypes.StringType), lit("")).as("identity");
    }

    private static Dataset<Row> photos(Dataset<Row> t) {
        return t.select(identity(), lit(PartitionRestorer.PHOTO).as("kind"), col("path").cast(DataTypes.StringType).as("path"),
                lit(null).cast(DataTypes.StringType).as("landmarks_file"),
                lit(null).cast(PartitionRestorer.INPUT.apply("landmarks").dataType()).as("landmarks"));
    }

    private static Dataset<Row> exemplars(Dataset<Row> t) {
        List<String> columns = Arrays.asList(t.columns());
        Column file = columns.contains("landmarks") ? col("landmarks").cast(DataTypes.StringType)
                : lit(null).cast(DataTypes.StringType);
        Column xy;
        if (columns.contains("x0")) {
            List<Column> c = new ArrayList<>();
            for (int i = 0; i < Landmarks.COUNT; i++) {
                for (String axis : new String[] {"x", "y"}) {
                    if (!columns.contains(axis + i)) {
                        throw new InvalidInputException("the exemplar table has landmark column x0 but not " + axis + i
                                + "; give all of x0,y0,...,x67,y67 or none");
                    }
                    c.add(col(axis + i).cast(DataTypes.DoubleType));
                }
            }
            xy = array(c.toArray(Column[]::new));
        } else {
            xy = lit(null).cast(PartitionRestorer.INPUT.apply("landmarks").dataType());
        }
        return t.select(identity(), lit(PartitionRestorer.EXEMPLAR).as("kind"), col("path").cast(DataTypes.StringType).as("path"),
                file.as("landmarks_file"), xy.as("landmarks"));
    }
}
