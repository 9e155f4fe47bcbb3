package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.pth.Npy;
import dev.asffnet.formats.pth.Tensor;
import dev.asffnet.geometry.asffnet512.AuthorsMls;
import dev.asffnet.geometry.asffnet512.LandmarkSquares;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ASFFNet512 on ONNX Runtime with the fixture's seeded weights, generated in Java, against the authors'
 * PyTorch output (../shared/fixtures/asffnet512/out.npy): at 256 with the fixture's grid and mask, and at
 * 512 with the grid and mask computed in Java. Skipped when the fixture is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Asffnet512ParityTest {
    static final double TOLERANCE = 1e-4;
    private Asffnet512OnnxNetwork net;

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

    @BeforeAll
    void open() {
        if (fixture("out.npy").isPresent()) {
            Map<String, Tensor> w = Asffnet512Weights.seeded(Asffnet512Weights.FIXTURE_SEED);
            net = Asffnet512OnnxNetwork.open(w, "seeded ASFFNet512", RestorerOptions.Device.CPU, 0);
        }
    }

    @AfterAll
    void close() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void matchesAuthorsOutputAt256() {
        org.junit.jupiter.api.Assumptions.assumeTrue(net != null, "shared/fixtures/asffnet512 not found; skipped");
        float[] out = net.run(1, 256, npy("s256/lq.npy"), npy("s256/ref.npy"), npy("s256/mask.npy"), npy("s256/grid.npy"));
        double d = maxAbs(out, npy("s256/out.npy"));
        System.out.println("ASFFNet512 ORT vs authors at 256: max abs " + d);
        assertTrue(d <= TOLERANCE, "max abs diff " + d);
    }

    @Test
    void matchesAuthorsOutputAt512WithJavaGeometry() {
        org.junit.jupiter.api.Assumptions.assumeTrue(net != null, "shared/fixtures/asffnet512 not found; skipped");
        Landmarks lq = Landmarks.of(Npy.readDoubles(fixture("lq_landmarks.npy").orElseThrow()));
        Landmarks ref = Landmarks.of(Npy.readDoubles(fixture("ref_landmarks.npy").orElseThrow()));
        float[] mask = LandmarkSquares.draw(lq, 512);
        float[] grid = AuthorsMls.normalizedGrid(lq, ref, 128, 128);
        float[] out = net.run(1, 512, npy("lq.npy"), npy("ref.npy"), mask, grid);
        float[] expected = npy("out.npy");
        assertEquals(expected.length, out.length);
        double d = maxAbs(out, expected);
        System.out.println("ASFFNet512 ORT vs authors at 512: max abs " + d);
        assertTrue(d <= TOLERANCE, "max abs diff " + d);
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
