package dev.asffnet.onnx;

import dev.asffnet.formats.pth.Npy;
import dev.asffnet.formats.pth.PthWriter;
import dev.asffnet.formats.pth.SeededWeights;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The ASFFNet512 parity fixture (../shared/fixtures/asffnet512) and one ASFFNet512.pth of its seeded weights,
 * written by Java once per test JVM (95 MB, in a temporary folder deleted at exit).
 */
final class Asffnet512Fixture {
    private static Path pth;

    private Asffnet512Fixture() {
    }

    static Optional<Path> fixture(String rel) {
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
            Path f = p.resolve("shared/fixtures/asffnet512").resolve(rel);
            if (Files.exists(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    static float[] npy(String rel) {
        return Npy.read(fixture(rel).orElseThrow()).data();
    }

    static synchronized Path seededPth() {
        if (pth == null) {
            try {
                Path dir = Files.createTempDirectory("asffnet512-test");
                Path f = dir.resolve("ASFFNet512.pth");
                PthWriter.write(f, SeededWeights.generate(Asffnet512Weights.spec(), Asffnet512Weights.FIXTURE_SEED)
                        .tensors(), "params");
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                pth = f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pth;
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
