package dev.asffnet.spark;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.formats.LandmarkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the Spark job in local mode against the plain single-JVM loop ({@code restorePhoto} per photo,
 * one intra-op thread), both on the same photos of the shared face data, in faces per second per core. Both
 * paths decode the exemplars, read each photo, restore it and write a PNG; both are warmed up first (model
 * loading excluded). Besides wall-clock figures it prints faces per CPU second of the whole process, which a
 * machine shared with other jobs distorts much less. Not a test: run it by hand (docs/benchmarks.md).
 *
 * <p>Arguments: {@code [identities=8] [photos per identity=4] [exemplars per identity=4] [cores=2]}.
 */
public final class SparkThroughputBenchmark {
    private SparkThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int ids = arg(args, 0, 8);
        int photos = arg(args, 1, 4);
        int exemplars = arg(args, 2, 4);
        int cores = arg(args, 3, 2);
        Path celeba = SparkFixture.celebaOrNull();
        if (celeba == null) {
            throw new IllegalStateException("../shared/data/celeba-faces is absent; set -Dasffnet.shared=PATH");
        }
        Map<String, Landmarks> stored = LandmarkTable.read(celeba.resolve("landmarks68.csv"));
        Map<String, List<Path>> all = SparkFixture.identities(celeba, ids + 1, photos + exemplars);
        List<String> names = new ArrayList<>(all.keySet());
        String warm = names.remove(0);
        Path tmp = Files.createTempDirectory("asffnet-spark-bench");

        // single JVM: the loop a CLI user would write
        double singleSeconds;
        double singleCpu;
        int singleFaces = 0;
        try (Restorer r = Restorers.open("onnx", RestorerOptions.defaults().withThreads(1))) {
            restore(r, celeba, stored, all.get(warm), photos, tmp.resolve("single-warm"));
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            for (String id : names) {
                singleFaces += restore(r, celeba, stored, all.get(id), photos, tmp.resolve("single"));
            }
            singleSeconds = (System.nanoTime() - t0) / 1e9;
            singleCpu = (cpuNanos() - c0) / 1e9;
        }

        try (SparkSession spark = SparkFixture.local(cores)) {
            RestoreJob.run(spark, options(tmp, "warm", celeba, stored, Map.of(warm, all.get(warm)), photos));
            RestoreJobOptions o = options(tmp, "run", celeba, stored, pick(all, names), photos);
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            List<Row> rows = RestoreJob.run(spark, o).collectAsList();
            double sparkSeconds = (System.nanoTime() - t0) / 1e9;
            double sparkCpu = (cpuNanos() - c0) / 1e9;
            long sparkFaces = rows.stream().filter(x -> "ok".equals(x.getAs("status"))).count();
            long errors = rows.stream().filter(x -> "error".equals(x.getAs("status"))).count();
            System.out.printf(Locale.ROOT, "photos: %d identities x %d photos, %d exemplars each; load average %s%n",
                    names.size(), photos, exemplars, Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf(Locale.ROOT, "single JVM, 1 thread : %d faces in %.1f s wall = %.2f faces/s per core;"
                    + " %.1f CPU s = %.2f faces per CPU second%n",
                    singleFaces, singleSeconds, singleFaces / singleSeconds, singleCpu, singleFaces / singleCpu);
            System.out.printf(Locale.ROOT, "spark local[%d]      : %d faces in %.1f s wall = %.2f faces/s per core"
                    + " (%.2f faces/s total); %.1f CPU s = %.2f faces per CPU second; %d error rows%n", cores,
                    sparkFaces, sparkSeconds, sparkFaces / sparkSeconds / cores, sparkFaces / sparkSeconds, sparkCpu,
                    sparkFaces / sparkCpu, errors);
        }
    }

    private static Map<String, List<Path>> pick(Map<String, List<Path>> all, List<String> names) {
        Map<String, List<Path>> m = new java.util.TreeMap<>();
        names.forEach(n -> m.put(n, all.get(n)));
        return m;
    }

    /** Restores the first {@code photos} files with the rest as exemplars; returns the number of faces. */
    private static int restore(Restorer r, Path celeba, Map<String, Landmarks> stored, List<Path> files, int photos,
            Path out) throws IOException {
        List<Exemplar> ex = new ArrayList<>();
        for (Path f : files.subList(photos, files.size())) {
            ex.add(new Exemplar(FaceImage.read(f), stored.get(celeba.relativize(f).toString())));
        }
        int faces = 0;
        for (Path f : files.subList(0, photos)) {
            PhotoResult p = r.restorePhoto(FaceImage.read(f), ex);
            PartitionRestorer.writeAtomically(p.image(), out.resolve(celeba.relativize(f).toString().replace(".jpg", ".png")));
            faces += p.faces().size();
        }
        return faces;
    }

    /** Tables for the job: photos relative to the face data folder, exemplars with landmark columns. */
    private static RestoreJobOptions options(Path tmp, String name, Path celeba, Map<String, Landmarks> stored,
            Map<String, List<Path>> ids, int photos) throws IOException {
        StringBuilder p = new StringBuilder("path,identity\n");
        StringBuilder e = new StringBuilder("path,identity");
        for (int i = 0; i < Landmarks.COUNT; i++) {
            e.append(",x").append(i).append(",y").append(i);
        }
        e.append('\n');
        ids.forEach((id, files) -> {
            files.subList(0, photos).forEach(f -> p.append(celeba.relativize(f)).append(',').append(id).append('\n'));
            for (Path f : files.subList(photos, files.size())) {
                Landmarks l = stored.get(celeba.relativize(f).toString());
                e.append(f).append(',').append(id);
                for (int i = 0; i < Landmarks.COUNT; i++) {
                    e.append(',').append(l.x(i)).append(',').append(l.y(i));
                }
                e.append('\n');
            }
        });
        Path pt = Files.writeString(tmp.resolve(name + "-photos.csv"), p);
        Path et = Files.writeString(tmp.resolve(name + "-exemplars.csv"), e);
        return RestoreJobOptions.of(pt.toString(), et.toString(), celeba, tmp.resolve(name + "-out"),
                tmp.resolve(name + "-results.parquet").toString());
    }

    /** CPU time of this whole process (all threads: inference, JIT, GC, Spark), in nanoseconds. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }
}
