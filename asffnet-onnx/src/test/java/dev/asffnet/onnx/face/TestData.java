package dev.asffnet.onnx.face;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/data/celeba-faces (read-only, never committed) and parses small JSON fixtures. */
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

    /** file -> 136 coordinates from landmarks68.csv. */
    static Map<String, double[]> landmarksCsv(Path celeba) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(celeba.resolve("landmarks68.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] xy = new double[136];
            for (int i = 0; i < 136; i++) {
                xy[i] = Double.parseDouble(f[i + 1]);
            }
            out.put(f[0], xy);
        }
        return out;
    }

    /** A minimal JSON reader (objects, arrays, numbers, strings, true/false/null) for test fixtures. */
    static Object parseJson(String s) {
        int[] pos = {0};
        Object v = value(s, pos);
        return v;
    }

    private static Object value(String s, int[] p) {
        ws(s, p);
        char c = s.charAt(p[0]);
        if (c == '{') {
            Map<String, Object> m = new HashMap<>();
            p[0]++;
            ws(s, p);
            if (s.charAt(p[0]) == '}') {
                p[0]++;
                return m;
            }
            while (true) {
                ws(s, p);
                String k = (String) value(s, p);
                ws(s, p);
                p[0]++; // ':'
                m.put(k, value(s, p));
                ws(s, p);
                if (s.charAt(p[0]++) == '}') {
                    return m;
                }
            }
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            p[0]++;
            ws(s, p);
            if (s.charAt(p[0]) == ']') {
                p[0]++;
                return l;
            }
            while (true) {
                l.add(value(s, p));
                ws(s, p);
                if (s.charAt(p[0]++) == ']') {
                    return l;
                }
            }
        }
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            p[0]++;
            while (s.charAt(p[0]) != '"') {
                char ch = s.charAt(p[0]++);
                if (ch == '\\') {
                    ch = s.charAt(p[0]++);
                }
                sb.append(ch);
            }
            p[0]++;
            return sb.toString();
        }
        if (s.startsWith("true", p[0])) {
            p[0] += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", p[0])) {
            p[0] += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", p[0])) {
            p[0] += 4;
            return null;
        }
        int start = p[0];
        while (p[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(p[0])) >= 0) {
            p[0]++;
        }
        return Double.parseDouble(s.substring(start, p[0]));
    }

    private static void ws(String s, int[] p) {
        while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
            p[0]++;
        }
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
