package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FaceImage#write} replaces a file whole or not at all and leaves no temporary file; {@link
 * FaceImage#encode} gives the bytes it writes.
 */
class FaceImageWriteTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesAnExistingImageAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("out.png");
        FaceImage.of(1, 1, new float[] {0, 0, 0}).write(f);
        FaceImage.of(1, 1, new float[] {1, 1, 1}).write(f);
        assertEquals(1f, FaceImage.read(f).toArray()[0]);
        assertEquals(List.of("out.png"), names());
    }

    @Test
    void aFailedWriteLeavesWhatWasThereAndNoTemporaryFile() throws IOException {
        // the target is a non-empty folder: the final rename fails after the image was encoded
        Path f = Files.createDirectories(dir.resolve("busy.png"));
        Files.writeString(f.resolve("keep.txt"), "kept");
        assertThrows(IOException.class, () -> FaceImage.of(1, 1, new float[3]).write(f));
        assertEquals("kept", Files.readString(f.resolve("keep.txt")));
        assertEquals(List.of("busy.png"), names());
        assertTrue(Files.isDirectory(f));
    }

    @Test
    void encodeGivesTheBytesWriteWritesForEachFormat() throws IOException {
        java.util.Random rnd = new java.util.Random(11);
        float[] px = new float[3 * 17 * 9];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextFloat();
        }
        FaceImage img = FaceImage.of(17, 9, px);
        for (String name : List.of("a.png", "b.jpg", "c.JPEG", "d.tif")) {
            Path f = dir.resolve(name);
            img.write(f);
            assertArrayEquals(Files.readAllBytes(f), img.encode(f), name);
            assertEquals(name.endsWith("jpg") || name.endsWith("JPEG"), img.encode(f)[0] == (byte) 0xFF, name);
        }
    }
}
