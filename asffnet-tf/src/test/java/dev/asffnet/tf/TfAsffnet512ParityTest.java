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

/** ASFFNet512 as a TF graph built in Java, seeded weights, against the authors' output at 256. */
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
        Assumptions.assumeTrue(fixture("s256/out.npy").isPresent(), "shared/fixtures/asffnet512 not found; skipped");
        try (TfAsffnet512Network net = new TfAsffnet512Network(Asffnet512Weights.seeded(Asffnet512Weights.FIXTURE_SEED),
                256, RestorerOptions.Device.CPU, 0)) {
            float[] out = net.run(1, npy("s256/lq.npy"), npy("s256/ref.npy"), npy("s256/mask.npy"), npy("s256/grid.npy"));
            float[] expected = npy("s256/out.npy");
            double m = 0;
            for (int i = 0; i < out.length; i++) {
                m = Math.max(m, Math.abs(out[i] - expected[i]));
            }
            System.out.println("ASFFNet512 TF Java vs authors at 256: max abs " + m);
            assertTrue(m <= 1e-4, "max abs diff " + m);
        }
    }
}
