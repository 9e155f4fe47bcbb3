package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.formats.pth.PthWriter;
import dev.asffnet.formats.pth.SeededWeights;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with an ASFFNet512 checkpoint (the authors' key layout, weights from the fixture's seeded
 * generator, written by Java): a real photo in, a photo of the same size out, the 512 profile chosen from
 * the model file alone.
 */
class Asffnet512CliTest {
    @Test
    void restoreWithAPthModelKeepsThePhotoSize(@TempDir Path dir) throws Exception {
        Path identity = Path.of("../../shared/data/celeba-faces/7206");
        assumeTrue(Files.isDirectory(identity), "shared face data absent: " + identity.toAbsolutePath());
        List<Path> photos;
        try (Stream<Path> s = Files.list(identity)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
        }
        Path album = Files.createDirectories(dir.resolve("album"));
        for (Path p : photos.subList(1, photos.size())) {
            Files.copy(p, album.resolve(p.getFileName()));
        }
        Path pth = dir.resolve("ASFFNet512.pth");
        PthWriter.write(pth, SeededWeights.generate(Asffnet512Weights.spec(), Asffnet512Weights.FIXTURE_SEED).tensors(),
                "params");
        Path out = dir.resolve("restored.png");
        StringWriter said = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new String[] {"restore", "--input", photos.get(0).toString(), "--exemplars", album.toString(),
            "--output", out.toString(), "--model", pth.toString()}, new PrintWriter(said, true), new PrintWriter(err, true));
        assertEquals(0, rc, "stdout: " + said + "\nstderr: " + err);
        FaceImage in = FaceImage.read(photos.get(0));
        FaceImage result = FaceImage.read(out);
        assertEquals(in.width(), result.width());
        assertEquals(in.height(), result.height());
        assertTrue(said.toString().contains("restored"), said.toString());
    }
}
