package dev.asffnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landmark files as users write them: one bad row, BOM, CRLF, sidecars, other encodings. */
class LandmarkFilesTest {
    @TempDir
    Path dir;

    private static double[] face(double shift) {
        double[] xy = new double[136];
        for (int k = 0; k < 68; k++) {
            double t = 2 * Math.PI * k / 68;
            xy[2 * k] = 100 + shift + 40 * Math.cos(t);
            xy[2 * k + 1] = 100 + 50 * Math.sin(t);
        }
        return xy;
    }

    private static String row(String file, double[] xy) {
        StringBuilder b = new StringBuilder(file);
        for (double v : xy) {
            b.append(',').append(v);
        }
        return b.toString();
    }

    @Test
    void aBadRowSpoilsOnlyItsOwnImage() throws Exception {
        String bad = row("b.jpg", face(1)).replaceFirst(",[^,]+", ",oops");
        Files.writeString(dir.resolve("landmarks68.csv"), String.join("\n", "file,x0", row("a.jpg", face(0)), bad,
                row("c.jpg", face(2)).substring(0, 40)) + "\n");
        LandmarkFiles files = new LandmarkFiles();
        assertArrayEquals(face(0), files.find(dir.resolve("a.jpg")).orElseThrow().toArray(), 1e-12);
        InvalidLandmarksException e = assertThrows(InvalidLandmarksException.class, () -> files.find(dir.resolve("b.jpg")));
        assertTrue(e.getMessage().contains("landmarks68.csv line 3") && e.getMessage().contains("oops"), e.getMessage());
        assertTrue(assertThrows(InvalidLandmarksException.class, () -> files.find(dir.resolve("c.jpg")))
                .getMessage().contains("line 4"));
        assertEquals(Optional.empty(), files.find(dir.resolve("d.jpg")));
        LandmarkTable t = LandmarkTable.load(dir.resolve("landmarks68.csv"));
        assertEquals(1, t.landmarks().size());
        assertEquals(2, t.errors().size());
        assertThrows(InvalidLandmarksException.class, () -> LandmarkTable.read(dir.resolve("landmarks68.csv")),
                "the strict form still rejects the table");
    }

    @Test
    void byteOrderMarkAndCrlfAreAccepted() throws Exception {
        StringBuilder header = new StringBuilder("file");
        for (int i = 0; i < 68; i++) {
            header.append(",x").append(i).append(",y").append(i);
        }
        Path csv = dir.resolve("landmarks68.csv");
        Files.writeString(csv, "\uFEFF" + header + "\r\n" + row("a.jpg", face(0)) + "\r\n" + row("b.jpg", face(3))
                + "\r\n", StandardCharsets.UTF_8);
        assertEquals(2, LandmarkTable.read(csv).size());
        assertArrayEquals(face(3), new LandmarkFiles().find(dir.resolve("b.jpg")).orElseThrow().toArray(), 1e-12);
        StringBuilder side = new StringBuilder("\uFEFF");
        double[] xy = face(5);
        for (int k = 0; k < 68; k++) {
            side.append(xy[2 * k]).append(' ').append(xy[2 * k + 1]).append("\r\n");
        }
        Files.writeString(dir.resolve("s.png.txt"), side);
        assertArrayEquals(xy, new LandmarkFiles().find(dir.resolve("s.png")).orElseThrow().toArray(), 1e-12);
    }

    @Test
    void sidecarErrorsNameTheFileAndOtherEncodingsAreInvalidInput() throws Exception {
        Path side = dir.resolve("x.png.txt");
        Files.writeString(side, "1 2\n3\n");
        InvalidLandmarksException e = assertThrows(InvalidLandmarksException.class,
                () -> new LandmarkFiles().find(dir.resolve("x.png")));
        assertTrue(e.getMessage().contains(side.toString()) && e.getMessage().contains("line 2"), e.getMessage());
        Files.write(side, new byte[] {'1', ' ', (byte) 0xE9, (byte) 0xFF, '\n'});
        InvalidInputException enc = assertThrows(InvalidInputException.class,
                () -> new LandmarkFiles().find(dir.resolve("x.png")), "was UncheckedIOException");
        assertTrue(enc.getMessage().contains("UTF-8") && enc.getMessage().contains(side.toString()), enc.getMessage());
        Path csv = dir.resolve("landmarks68.csv");
        Files.write(csv, new byte[] {'f', (byte) 0xFF, '\n'});
        assertThrows(InvalidInputException.class, () -> LandmarkTable.load(csv));
    }
}
