package dev.asffnet.face;

import dev.asffnet.formats.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/data/celeba-faces (read-only, never committed) and reads small JSON fixtures. */
final class TestData {
    private TestData() {
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

    /** The celeba-faces folder; skips the test with a clear message when ../shared is absent. */
    static Path celeba() {
        Path d = celebaOrNull();
        Assumptions.assumeTrue(d != null,
                "../shared/data/celeba-faces is absent (set -Dasffnet.shared=PATH): skipping a test that needs it");
        return d;
    }

    /** Parses a JSON fixture with the library's reader (objects as maps, arrays as lists, numbers as doubles). */
    static Object parseJson(String s) {
        return Json.parse(s);
    }

    static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) l.get(i)).doubleValue();
        }
        return d;
    }
}
