package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.formats.pth.PthWriter;
import dev.asffnet.formats.pth.SeededWeights;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert}: .pth to one standalone ONNX file that matches the authors' output. */
class Asffnet512ConvertTest {
    @TempDir
    Path dir;

    @Test
    void convertedFileIsStandaloneAndMatchesFixtureAt256() throws IOException {
        Assumptions.assumeTrue(Asffnet512ParityTest.fixture("s256/out.npy").isPresent(), "fixture absent; skipped");
        Path pth = dir.resolve("ASFFNet512.pth");
        PthWriter.write(pth, SeededWeights.generate(Asffnet512Weights.spec(), Asffnet512Weights.FIXTURE_SEED).tensors(),
                "params");
        Path onnx = Asffnet512Convert.convert(pth, dir.resolve("out"));
        assertTrue(onnx.getFileName().toString().equals("ASFFNet512.onnx"));
        long size = Files.size(onnx);
        assertTrue(size > 90_000_000 && size < 100_000_000, "size " + size);
        assertTrue(Asffnet512OnnxNetwork.isAsffnet512(Files.readAllBytes(onnx)));
        assertFalse(Asffnet512OnnxNetwork.isAsffnet512(ModelFiles.resource(PackagedModels::open, PackagedModels.ASFFNET_ONNX)));
        try (Asffnet512OnnxNetwork net = Asffnet512OnnxNetwork.open(onnx, RestorerOptions.Device.CPU, 0)) {
            float[] out = net.run(1, 256, Asffnet512ParityTest.npy("s256/lq.npy"), Asffnet512ParityTest.npy("s256/ref.npy"),
                    Asffnet512ParityTest.npy("s256/mask.npy"), Asffnet512ParityTest.npy("s256/grid.npy"));
            double d = Asffnet512ParityTest.maxAbs(out, Asffnet512ParityTest.npy("s256/out.npy"));
            System.out.println("converted ASFFNet512.onnx vs authors at 256: max abs " + d);
            assertTrue(d <= Asffnet512ParityTest.TOLERANCE, "max abs diff " + d);
        }
    }
}
