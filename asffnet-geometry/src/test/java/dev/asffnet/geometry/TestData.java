package dev.asffnet.geometry;

import dev.asffnet.api.Landmarks;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;

/** Seeded generators and fixture lookup shared by the geometry tests. */
public final class TestData {
    private TestData() {
    }

    /** Seeds 0..n-1 for @MethodSource. */
    public static LongStream seeds(int n) {
        return LongStream.range(0, n);
    }

    /** Random, well spread landmarks in a box [lo, hi]^2 (non-degenerate with overwhelming probability). */
    public static Landmarks randomLandmarks(Random r, double lo, double hi) {
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Landmarks.of(xy);
    }

    /** A random well-conditioned invertible affine map {a, b, c, d, e, f} (x' = a x + b y + c, y' = d x + e y + f). */
    public static double[] randomAffine(Random r, double translation) {
        while (true) {
            double a = 0.5 + r.nextDouble() * 1.5;
            double e = 0.5 + r.nextDouble() * 1.5;
            double b = r.nextDouble() - 0.5;
            double d = r.nextDouble() - 0.5;
            if (r.nextBoolean()) { // include reflections and rotations too
                double t = r.nextDouble() * 2 * Math.PI;
                double c = Math.cos(t), s = Math.sin(t);
                double a2 = c * a - s * d, b2 = c * b - s * e, d2 = s * a + c * d, e2 = s * b + c * e;
                a = a2; b = b2; d = d2; e = e2;
            }
            if (Math.abs(a * e - b * d) > 0.1) {
                return new double[] {a, b, translation * (2 * r.nextDouble() - 1), d, e, translation * (2 * r.nextDouble() - 1)};
            }
        }
    }

    public static Landmarks affine(Landmarks l, double[] t) {
        return l.transformed(t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    public static double[] randomWeights(Random r) {
        double[] w = new double[Landmarks.COUNT];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.1 + 3 * r.nextDouble();
        }
        return w;
    }

    /** Walks up from the working directory to find {@code shared/<rel>} (the project's ../shared). */
    public static Optional<Path> shared(String rel) {
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
            Path f = p.resolve("shared").resolve(rel);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** A test resource of this package as text, if present. */
    public static Optional<String> resource(String name) {
        URL u = TestData.class.getResource(name);
        if (u == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(u.toURI()), StandardCharsets.UTF_8));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static double relErr(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
    }
}
