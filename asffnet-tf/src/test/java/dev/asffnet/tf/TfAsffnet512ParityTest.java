package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.pth.Npy;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** ASFFNet512 as a TF graph built in Java, seeded weights, against the authors' output at 256 and 512. */
class TfAsffnet512ParityTest {
    private static Optional<Path> fixture(String rel) {
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
            Path f = p.resolve("shared/fixtures/asffnet512").resolve(rel);
            if (Files.exists(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static float[] npy(String rel) {
        return Npy.read(fixture(rel).orElseThrow()).data();
    }

    @Test
    void matchesAuthorsOutputAt256() {
        matches("s256/", 256);
    }

    @Test
    void matchesAuthorsOutputAt512() {
        matches("", 512);
    }

    private static void matches(String dir, int size) {
        Assumptions.assumeTrue(fixture(dir + "out.npy").isPresent(), "shared/fixtures/asffnet512 not found; skipped");
        try (TfAsffnet512Network net = new TfAsffnet512Network(Asffnet512Weights.seeded(Asffnet512Weights.FIXTURE_SEED),
                size, RestorerOptions.Device.CPU, 0)) {
            float[] out = net.run(1, npy(dir + "lq.npy"), npy(dir + "ref.npy"), npy(dir + "mask.npy"), npy(dir + "grid.npy"));
            float[] expected = npy(dir + "out.npy");
            double m = 0;
            for (int i = 0; i < out.length; i++) {
                m = Math.max(m, Math.abs(out[i] - expected[i]));
            }
            System.out.println("ASFFNet512 TF Java vs authors at " + size + ": max abs " + m);
            assertTrue(m <= 1e-4, "max abs diff " + m);
        }
    }
}
