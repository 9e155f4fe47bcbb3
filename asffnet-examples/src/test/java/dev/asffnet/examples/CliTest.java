package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI commands end to end on the shared sample data (skipped when ../shared is absent). */
class CliTest {
    private static Path shared() {
        Path d = Path.of("../../shared/data/celeba-faces").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(d), "../shared/data/celeba-faces absent: skipping CLI test");
        return d;
    }

    @Test
    void demoWritesTheSheetAndTheRestoredFace(@TempDir Path out) throws Exception {
        Path data = shared();
        DemoCommand.run(new String[] {"--output", out.toString(), "--data", data.toString(), "--threads", "1"});
        FaceImage restored = FaceImage.read(out.resolve("restored.png"));
        assertEquals(128, restored.width());
        assertTrue(Files.size(out.resolve("sheet.png")) > 10_000);
    }

    @Test
    void theTfBackendIsAFlagAwayAndGivesTheSameFace(@TempDir Path out) throws Exception {
        Path data = shared();
        DemoCommand.run(new String[] {"--output", out.resolve("onnx").toString(), "--data", data.toString()});
        DemoCommand.run(new String[] {"--output", out.resolve("tf").toString(), "--data", data.toString(),
            "--backend", "tf"});
        float[] a = FaceImage.read(out.resolve("onnx/restored.png")).toArray();
        float[] b = FaceImage.read(out.resolve("tf/restored.png")).toArray();
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertTrue(max <= 1.5f / 255, "8-bit results of onnx and tf differ by " + max * 255 + " levels");
    }

    @Test
    void restoreAFolderOfFramesWithOneExemplarFolder(@TempDir Path tmp) throws Exception {
        Path data = shared();
        Path id = data.resolve("7201");
        Path frames = Files.createDirectories(tmp.resolve("frames"));
        // frames: two photos of the identity, landmarks detected (no sidecar files in the temp folder)
        try (var s = Files.list(id)) {
            s.sorted().limit(2).forEach(p -> {
                try {
                    Files.copy(p, frames.resolve(p.getFileName()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Path out = tmp.resolve("out");
        RestoreCommand.run(new String[] {"--input", frames.toString(), "--exemplars", id.toString(), "--output",
            out.toString(), "--sheet", "true", "--threads", "1"});
        try (var s = Files.list(out)) {
            assertEquals(4, s.count(), "two results and two sheets");
        }
    }

    @Test
    void argumentErrorsNameTheOption() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Args(new String[] {"--bogus", "1"}, 0, Set.of("input")));
        assertTrue(e.getMessage().contains("--bogus"));
        Args a = new Args(new String[] {"--threads", "x"}, 0, Set.of("threads"));
        assertTrue(assertThrows(InvalidInputException.class, () -> a.integer("threads", 0)).getMessage().contains("integer"));
        assertThrows(InvalidInputException.class, () -> new Args(new String[0], 0, Set.of()).require("input"));
    }
}
