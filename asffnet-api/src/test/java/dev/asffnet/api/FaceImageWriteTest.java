package dev.asffnet.api;

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

/** {@link FaceImage#write} replaces a file whole or not at all and leaves no temporary file. */
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
}
