package dev.asffnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path f = dir.resolve("results.json");
        AtomicFiles.writeString(f, "first");
        assertEquals("first", Files.readString(f));
        AtomicFiles.writeString(f, "second, longer");
        assertEquals("second, longer", Files.readString(f));
        assertEquals(List.of(Path.of("results.json")), listing(), "no temporary file is left behind");
    }

    @Test
    void aFailingWriterLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("frame.png");
        byte[] old = "the old frame".getBytes(StandardCharsets.UTF_8);
        Files.write(f, old);
        IOException boom = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[] {1, 2, 3});
            throw boom;
        }));
        assertSame(boom, thrown);
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of(Path.of("frame.png")), listing());
    }

    @Test
    void aWriterThrowingAnUncheckedExceptionLeavesNoFileAtAll() throws IOException {
        Path f = dir.resolve("new.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(42);
            throw new IllegalStateException("encoder bug");
        }));
        assertEquals(List.of(), listing());
    }

    @Test
    void aMissingFolderIsAnIoExceptionNamingIt() {
        Path f = dir.resolve("no-such-folder").resolve("x.txt");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "x"));
        assertEquals(true, e.getMessage().contains("no-such-folder"), e.getMessage());
    }
}
