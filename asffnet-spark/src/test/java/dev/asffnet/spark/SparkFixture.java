package dev.asffnet.spark;

import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.LandmarkTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** The shared face data and a quiet local Spark session, for the tests and the benchmark. */
final class SparkFixture {
    private SparkFixture() {
    }

    /** The celeba-faces folder, or null when ../shared is absent. */
    static Path celebaOrNull() {
        String prop = System.getProperty("asffnet.shared", System.getenv("ASFFNET_SHARED"));
        List<Path> candidates = new ArrayList<>();
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("../shared"));      // from the repository root
        candidates.add(Path.of("../../shared"));   // from a module folder (surefire's working directory)
        for (Path c : candidates) {
            Path d = c.resolve("data/celeba-faces");
            if (Files.isDirectory(d)) {
                return d.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** A local Spark session with {@code cores} cores, no UI, bound to the loopback interface. */
    static SparkSession local(int cores) {
        return SparkSession.builder().master("local[" + cores + "]").appName("asffnet-spark-local")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", String.valueOf(cores))
                .getOrCreate();
    }

    /**
     * The first {@code count} identities (by name) that have at least {@code images} images with stored
     * landmarks, each with its first {@code images} image files (by name).
     */
    static Map<String, List<Path>> identities(Path celeba, int count, int images) {
        Map<String, Landmarks> stored = LandmarkTable.read(celeba.resolve("landmarks68.csv"));
        Map<String, List<Path>> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(celeba)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(p -> p.toString().endsWith(".jpg"))
                            .filter(p -> stored.containsKey(celeba.relativize(p).toString())).sorted().limit(images)
                            .toList();
                }
                if (files.size() == images) {
                    out.put(dir.getFileName().toString(), files);
                    if (out.size() == count) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
