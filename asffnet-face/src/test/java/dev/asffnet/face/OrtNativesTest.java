package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native libraries are extracted once into the cache folder and reused. */
class OrtNativesTest {
    @TempDir
    Path cache;

    @Test
    void theLibrariesAreExtractedOnceAndAWrongCopyIsReplaced() throws Exception {
        Optional<Path[]> first = OrtNatives.cachedCopies(cache);
        assertTrue(first.isPresent(), "the CPU package's libraries are class-path resources here");
        Path[] files = first.get();
        assertEquals(2, files.length);
        for (Path f : files) {
            assertTrue(f.startsWith(cache.resolve("native")), f.toString());
            try (InputStream in = OrtNatives.class.getResourceAsStream(
                    "/ai/onnxruntime/native/" + OrtNatives.platform() + "/" + f.getFileName())) {
                assertArrayEquals(in.readAllBytes(), Files.readAllBytes(f), f.toString());
            }
        }
        FileTime stamp = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(files[0], stamp);
        Files.setLastModifiedTime(files[1], stamp);
        Path[] again = OrtNatives.cachedCopies(cache).orElseThrow();
        assertArrayEquals(files, again);
        assertEquals(stamp, Files.getLastModifiedTime(files[0]), "a good copy is not extracted again");
        long size = Files.size(files[1]);
        Files.write(files[1], new byte[10]);                                 // a truncated copy
        OrtNatives.cachedCopies(cache).orElseThrow();
        assertEquals(size, Files.size(files[1]), "a copy of the wrong size is extracted again");
        try (var s = Files.list(files[0].getParent())) {
            assertEquals(2, s.count(), "no temporary files are left");
        }
    }

    @Test
    void anUnwritableCacheFolderMeansNoCopies() throws Exception {
        Path notAFolder = Files.writeString(cache.resolve("file"), "x");
        assertTrue(OrtNatives.cachedCopies(notAFolder).isEmpty());
    }
}
