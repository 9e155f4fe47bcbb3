package dev.asffnet.spark;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestorerOptions.Device;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@link RestoreJob} run does. Tables are read as CSV (with a header) when their path ends in
 * {@code .csv}, otherwise as Parquet. Relative photo and exemplar paths are resolved against
 * {@code inputRoot}; every path must be readable by every executor (a local, NFS or mounted folder).
 *
 * @param photos the photo table: columns {@code path} (a path or {@code file:} URI) and {@code identity}
 *     (the person or album whose exemplars guide the photo)
 * @param exemplars the exemplar table: {@code path}, {@code identity}, and optionally the 68 landmarks as
 *     columns {@code x0,y0,...,x67,y67} or a column {@code landmarks} naming a file of 68 lines "x y";
 *     without either, landmarks stored beside the image are used, else they are detected
 * @param inputRoot the folder the output layout is relative to; every photo must lie under it
 * @param outputRoot restored photos go to {@code outputRoot/<photo relative to inputRoot>} as PNG
 * @param results where the result table (Parquet, one row per face) is written; replaced on each run
 * @param backend {@code onnx} or {@code tf}
 * @param device where inference runs on each executor
 * @param threads intra-op threads per network call; 0: {@code spark.task.cpus}, so that the tasks an
 *     executor runs at once ({@code spark.executor.cores / spark.task.cpus}) use exactly its cores
 * @param model the model file, a path every executor can read or the name of a file shipped with
 *     {@code --files} (found with {@code SparkFiles.get}); empty: the embedded default model
 * @param partitions identity partitions; 0: four per core ({@code 4 * spark.default.parallelism})
 */
public record RestoreJobOptions(String photos, String exemplars, Path inputRoot, Path outputRoot, String results,
        String backend, Device device, int threads, Optional<String> model, int partitions) {
    private static final Set<String> FLAGS = Set.of("photos", "exemplars", "input-root", "output-root", "results",
            "backend", "device", "threads", "model", "partitions");

    /**
     * Checks the components and normalises the folders.
     *
     * @param photos the photo table
     * @param exemplars the exemplar table
     * @param inputRoot the input folder (made absolute and normalised)
     * @param outputRoot the output folder (made absolute and normalised)
     * @param results where the result table is written
     * @param backend the backend name
     * @param device where inference runs
     * @param threads intra-op threads per call
     * @param model the model file, or empty
     * @param partitions identity partitions
     * @throws InvalidInputException if a component is null or a count is negative
     */
    public RestoreJobOptions {
        if (photos == null || exemplars == null || inputRoot == null || outputRoot == null || results == null) {
            throw new InvalidInputException("photos, exemplars, inputRoot, outputRoot and results are all required");
        }
        if (backend == null || device == null || model == null) {
            throw new InvalidInputException("backend, device and model must not be null (Optional.empty() for the embedded model)");
        }
        if (threads < 0 || partitions < 0) {
            throw new InvalidInputException("threads and partitions must be >= 0 (0 = derived from the Spark conf), got "
                    + threads + " and " + partitions);
        }
        inputRoot = inputRoot.toAbsolutePath().normalize();
        outputRoot = outputRoot.toAbsolutePath().normalize();
    }

    /**
     * The defaults for the tables and folders: the {@code onnx} backend on the CPU, threads and partitions
     * from the Spark conf, the embedded model.
     *
     * @param photos the photo table
     * @param exemplars the exemplar table
     * @param inputRoot the folder the photos lie under
     * @param outputRoot the folder restored photos go to
     * @param results where the result table is written
     * @return the options
     */
    public static RestoreJobOptions of(String photos, String exemplars, Path inputRoot, Path outputRoot, String results) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, "onnx", Device.CPU, 0,
                Optional.empty(), 0);
    }

    /**
     * Uses another backend.
     *
     * @param b {@code onnx} or {@code tf}
     * @return these options with {@code b}
     */
    public RestoreJobOptions withBackend(String b) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, b, device, threads, model, partitions);
    }

    /**
     * Runs inference on another device.
     *
     * @param d the device
     * @return these options with {@code d}
     */
    public RestoreJobOptions withDevice(Device d) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, backend, d, threads, model, partitions);
    }

    /**
     * Sets the intra-op threads per network call.
     *
     * @param n intra-op threads per call; 0: {@code spark.task.cpus}
     * @return these options with {@code n}
     */
    public RestoreJobOptions withThreads(int n) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, backend, device, n, model, partitions);
    }

    /**
     * Uses a model file instead of the embedded model.
     *
     * @param m the model file or the name of a file shipped with {@code --files}
     * @return these options with {@code m}
     */
    public RestoreJobOptions withModel(String m) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, backend, device, threads,
                Optional.of(m), partitions);
    }

    /**
     * Sets the number of identity partitions.
     *
     * @param n identity partitions; 0: four per core
     * @return these options with {@code n}
     */
    public RestoreJobOptions withPartitions(int n) {
        return new RestoreJobOptions(photos, exemplars, inputRoot, outputRoot, results, backend, device, threads, model, n);
    }

    /**
     * Options from {@code spark-submit} application arguments: {@code --photos T --exemplars T --input-root D
     * --output-root D --results P [--backend onnx|tf] [--device cpu|cuda|cuda-strict] [--threads N]
     * [--model FILE] [--partitions N]}.
     *
     * @param args the application arguments
     * @return the options
     * @throws InvalidInputException naming an unknown, repeated, valueless or missing argument
     */
    public static RestoreJobOptions fromArgs(String... args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!FLAGS.contains(flag)) {
                throw new InvalidInputException("unknown argument '" + args[i] + "'; expected one of --" + String.join(", --",
                        FLAGS.stream().sorted().toList()));
            }
            if (i + 1 >= args.length) {
                throw new InvalidInputException("argument " + args[i] + " needs a value");
            }
            if (a.put(flag, args[i + 1]) != null) {
                throw new InvalidInputException("argument " + args[i] + " is given twice");
            }
        }
        for (String required : new String[] {"photos", "exemplars", "input-root", "output-root", "results"}) {
            if (!a.containsKey(required)) {
                throw new InvalidInputException("missing required argument --" + required);
            }
        }
        RestoreJobOptions o = of(a.get("photos"), a.get("exemplars"), Path.of(a.get("input-root")),
                Path.of(a.get("output-root")), a.get("results"))
                .withBackend(a.getOrDefault("backend", "onnx"))
                .withDevice(device(a.getOrDefault("device", "cpu")))
                .withThreads(integer(a, "threads"))
                .withPartitions(integer(a, "partitions"));
        return a.containsKey("model") ? o.withModel(a.get("model")) : o;
    }

    private static Device device(String d) {
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "cuda" -> Device.CUDA;
            case "cuda-strict" -> Device.CUDA_STRICT;
            default -> throw new InvalidInputException("--device must be cpu, cuda or cuda-strict, got '" + d + "'");
        };
    }

    private static int integer(Map<String, String> a, String flag) {
        String v = a.getOrDefault(flag, "0");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + flag + " must be a whole number, got '" + v + "'");
        }
    }
}
