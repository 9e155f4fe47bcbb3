package dev.asffnet.onnx;

import static dev.asffnet.onnx.Asffnet512Fixture.fixture;
import static dev.asffnet.onnx.Asffnet512Fixture.maxAbs;
import static dev.asffnet.onnx.Asffnet512Fixture.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.formats.pth.Npy;
import dev.asffnet.geometry.asffnet512.AuthorsMls;
import dev.asffnet.geometry.asffnet512.LandmarkSquares;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ASFFNet512 on ONNX Runtime against the authors' PyTorch output (fixture out.npy) with the fixture's seeded
 * weights generated in Java: written as a .pth, converted by {@code convert} to one standalone ONNX file,
 * opened from that file, run at 256 (fixture grid and mask) and at 512 (grid and mask computed in Java).
 * Skipped when the fixture is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Asffnet512ParityTest {
    static final double TOLERANCE = 1e-4;
    private Path dir;
    private Path onnx;
    private Asffnet512OnnxNetwork net;

    @BeforeAll
    void open() throws IOException {
        if (fixture("out.npy").isPresent()) {
            dir = Files.createTempDirectory("asffnet512-convert");
            onnx = Asffnet512Convert.convert(Asffnet512Fixture.seededPth(), dir);
            net = Asffnet512OnnxNetwork.open(onnx, RestorerOptions.Device.CPU, 0);
        }
    }

    @AfterAll
    void close() throws IOException {
        if (net != null) {
            net.close();
            Files.deleteIfExists(onnx);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void convertWritesOneStandaloneOnnxFile() throws IOException {
        Assumptions.assumeTrue(net != null, "shared/fixtures/asffnet512 not found; skipped");
        assertEquals("ASFFNet512.onnx", onnx.getFileName().toString());
        long size = Files.size(onnx);
        assertTrue(size > 90_000_000 && size < 100_000_000, "size " + size);
        byte[] bytes = Files.readAllBytes(onnx);
        assertTrue(Asffnet512OnnxNetwork.isAsffnet512(bytes));
        assertArrayEquals(bytes, Asffnet512OnnxNetwork.standaloneModel(
                Asffnet512Weights.seeded(Asffnet512Weights.FIXTURE_SEED)));          // .pth round trip is exact
        assertFalse(Asffnet512OnnxNetwork.isAsffnet512(ModelFiles.resource(PackagedModels::open,
                PackagedModels.ASFFNET_ONNX)));
    }

    @Test
    void matchesAuthorsOutputAt256() {
        Assumptions.assumeTrue(net != null, "shared/fixtures/asffnet512 not found; skipped");
        float[] out = net.run(1, 256, npy("s256/lq.npy"), npy("s256/ref.npy"), npy("s256/mask.npy"), npy("s256/grid.npy"));
        double d = maxAbs(out, npy("s256/out.npy"));
        System.out.println("ASFFNet512 ORT vs authors at 256: max abs " + d);
        assertTrue(d <= TOLERANCE, "max abs diff " + d);
    }

    @Test
    void matchesAuthorsOutputAt512WithJavaGeometry() {
        Assumptions.assumeTrue(net != null, "shared/fixtures/asffnet512 not found; skipped");
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
}
