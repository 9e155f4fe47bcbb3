package dev.asffnet.spark;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.FaceFrontEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.SparkFiles;

/**
 * The executor JVM's restorers: one {@link Restorer} per (backend, model, device, threads) and one exemplar
 * {@link FaceFrontEnd} per thread count, created on first use and shared by all tasks of the executor
 * (both are thread-safe), closed by a shutdown hook when the executor exits.
 *
 * <p>The two maps are this module's only static mutable state: Spark gives an executor's tasks no other
 * place to keep a native model loaded between tasks, and loading it once per task would cost seconds each.
 */
final class ExecutorRestorers {
    /**
     * What identifies a restorer; {@code model} is as given in the job options (resolved here), the empty
     * string for the embedded model (a plain string: tasks are serialized, {@code Optional} is not).
     */
    record Key(String backend, String model, RestorerOptions.Device device, int threads)
            implements java.io.Serializable {
    }

    private static final ConcurrentMap<Key, Restorer> RESTORERS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Integer, FaceFrontEnd> FRONT_ENDS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorRestorers::closeAll, "asffnet-restorers-close"));
    }

    private ExecutorRestorers() {
    }

    /**
     * This executor's restorer for {@code key}, opened on first use.
     *
     * @throws ModelLoadException if the model file cannot be found on this executor or loaded
     */
    static Restorer restorer(Key key) {
        return RESTORERS.computeIfAbsent(key, k -> {
            RestorerOptions o = RestorerOptions.defaults().withDevice(k.device()).withThreads(k.threads());
            return Restorers.open(k.backend(), k.model().isEmpty() ? o : o.withModelFile(resolve(k.model())));
        });
    }

    /** This executor's face front end for exemplars without stored landmarks. */
    static FaceFrontEnd frontEnd(int threads) {
        return FRONT_ENDS.computeIfAbsent(threads, FaceFrontEnd::new);
    }

    /**
     * A model named in the job options: a file this JVM can read, or one shipped with {@code --files}.
     *
     * @throws ModelLoadException if it is neither
     */
    static Path resolve(String model) {
        Path direct = Path.of(model);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        Path shipped = null;
        try {
            shipped = Path.of(SparkFiles.get(direct.getFileName().toString()));
        } catch (RuntimeException e) {
            // no SparkContext/SparkEnv in this JVM: only the direct path could have worked
        }
        if (shipped != null && Files.isRegularFile(shipped)) {
            return shipped;
        }
        throw new ModelLoadException("model file '" + model + "' is neither a file this executor can read nor a file"
                + " shipped with the job (looked at " + direct.toAbsolutePath() + (shipped == null ? "" : " and " + shipped)
                + "); pass a path on shared storage or ship it with spark-submit --files " + model);
    }

    private static void closeAll() {
        RESTORERS.values().forEach(ExecutorRestorers::closeQuietly);
        FRONT_ENDS.values().forEach(ExecutorRestorers::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("asffnet: closing " + c + " at shutdown failed: " + e);
        }
    }
}
