package dev.asffnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandmarkTableTest {
    @TempDir
    Path dir;

    private static String header() {
        StringBuilder b = new StringBuilder("file");
        for (int i = 0; i < 68; i++) {
            b.append(",x").append(i).append(",y").append(i);
        }
        return b.toString();
    }

    private static String row(String file, double[] xy) {
        StringBuilder b = new StringBuilder(file);
        for (double v : xy) {
            b.append(',').append(v);
        }
        return b.toString();
    }

    private static double[] randomFace(Random rnd) {
        double[] xy = new double[136];
        for (int k = 0; k < 68; k++) {
            double t = 2 * Math.PI * k / 68;
            xy[2 * k] = 100 + 40 * Math.cos(t) + rnd.nextGaussian();
            xy[2 * k + 1] = 100 + 50 * Math.sin(t) + rnd.nextGaussian();
        }
        return xy;
    }

    private Path write(List<String> lines) throws Exception {
        return Files.write(dir.resolve("landmarks68.csv"), lines);
    }

    @Test
    void readsRowsInTableOrderWithExactValues() throws Exception {
        Random rnd = new Random(3);
        double[] a = randomFace(rnd);
        double[] b = randomFace(rnd);
        Map<String, Landmarks> t = LandmarkTable.read(write(List.of(header(), row("id9/b.jpg", b), row("id1/a.jpg", a), "")));
        assertEquals(List.of("id9/b.jpg", "id1/a.jpg"), List.copyOf(t.keySet()));
        assertArrayEquals(a, t.get("id1/a.jpg").toArray(), 0.0);
        assertArrayEquals(b, t.get("id9/b.jpg").toArray(), 0.0);
    }

    @Test
    void headerIsOptional() throws Exception {
        Map<String, Landmarks> t = LandmarkTable.read(write(List.of(row("x.png", randomFace(new Random(4))))));
        assertEquals(1, t.size());
    }

    @Test
    void malformedRowsNameTheLine() throws Exception {
        double[] xy = randomFace(new Random(5));
        String good = row("a.jpg", xy);
        InvalidLandmarksException shortRow = assertThrows(InvalidLandmarksException.class,
                () -> LandmarkTable.read(write(List.of(header(), good, good.substring(0, good.lastIndexOf(','))))));
        assertTrue(shortRow.getMessage().contains("line 3") && shortRow.getMessage().contains("got 136"), shortRow.getMessage());

        InvalidLandmarksException word = assertThrows(InvalidLandmarksException.class,
                () -> LandmarkTable.read(write(List.of(header(), good.replaceFirst(",[^,]+", ",abc")))));
        assertTrue(word.getMessage().contains("line 2") && word.getMessage().contains("'abc'"), word.getMessage());

        xy[7] = Double.NaN;
        assertThrows(InvalidLandmarksException.class, () -> LandmarkTable.read(write(List.of(header(), row("n.jpg", xy)))));
    }

    @Test
    void repeatedFileAndMissingTableAreRejected() throws Exception {
        String r = row("a.jpg", randomFace(new Random(6)));
        InvalidInputException dup = assertThrows(InvalidInputException.class, () -> LandmarkTable.read(write(List.of(r, r))));
        assertTrue(dup.getMessage().contains("twice"), dup.getMessage());
        assertThrows(InvalidInputException.class, () -> LandmarkTable.read(dir.resolve("absent.csv")));
    }
}
