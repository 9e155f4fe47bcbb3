package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemplarAlbumTest {
    /** Landmarks whose first x is the image's mean red value x 100, so each image gets its own. */
    private static final class Counting implements LandmarkDetector {
        final List<Integer> widths = new ArrayList<>();
        final boolean fail;

        Counting(boolean fail) {
            this.fail = fail;
        }

        @Override
        public Landmarks detect(FaceImage face) {
            if (fail) {
                throw new AssertionError("the detector must not be called when the index covers the image");
            }
            widths.add(face.width());
            if (face.width() == 40) {
                throw new NoFaceFoundException("no face in the 40-px image");
            }
            double[] xy = new double[136];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = i;
            }
            xy[0] = 100 * face.get(0, 0, 0);
            return Landmarks.of(xy);
        }

        @Override
        public Landmarks detect(FaceImage photo, FaceBox box) {
            return detect(photo);
        }

        @Override
        public void close() {
        }
    }

    private static void image(Path file, int side, float red) throws Exception {
        float[] chw = new float[3 * side * side];
        java.util.Arrays.fill(chw, 0, side * side, red);
        FaceImage.of(side, side, chw).write(file);
    }

    private static List<Landmarks> landmarks(ExemplarAlbum album, Path dir) {
        List<Landmarks> out = new ArrayList<>();
        for (Path p : ExemplarAlbum.images(dir)) {
            try {
                out.add(album.landmarks(p, FaceImage.read(p)));
            } catch (NoFaceFoundException e) {
                out.add(null);
            }
        }
        return out;
    }

    @Test
    void indexIsWrittenReusedAndRebuiltForChangedFiles(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("album"));
        Path cache = tmp.resolve("cache");
        image(dir.resolve("a.png"), 64, 0.2f);
        image(dir.resolve("b.png"), 64, 0.6f);
        image(dir.resolve("c.png"), 40, 0.1f);   // no face: recorded as such
        Files.writeString(dir.resolve("notes.txt"), "not an image");

        Counting first = new Counting(false);
        ExemplarAlbum album = ExemplarAlbum.open(dir, first, "id-1", cache);
        List<Landmarks> built = landmarks(album, dir);
        assertEquals(3, first.widths.size());
        Optional<Path> index = album.save();
        assertEquals(Optional.of(album.cacheIndex()), index, "the index goes to the cache, not the album folder");
        assertFalse(Files.exists(dir.resolve(ExemplarAlbum.INDEX_FILE)));
        String text = Files.readString(index.orElseThrow());

        // second run: the detector throws if called; the index file is left as it was
        ExemplarAlbum again = ExemplarAlbum.open(dir, new Counting(true), "id-1", cache);
        List<Landmarks> reused = landmarks(again, dir);
        assertEquals(built, reused);
        assertEquals(Optional.empty(), again.save(), "nothing new: not rewritten");
        assertEquals(text, Files.readString(index.get()));
        NoFaceFoundException e = assertThrows(NoFaceFoundException.class,
                () -> again.landmarks(dir.resolve("c.png"), FaceImage.read(dir.resolve("c.png"))));
        assertTrue(e.getMessage().contains("no face in the 40-px image"), e.getMessage());

        // a changed file and a new one are detected again, the others are not
        image(dir.resolve("b.png"), 64, 0.9f);
        image(dir.resolve("d.png"), 64, 0.4f);
        Counting third = new Counting(false);
        ExemplarAlbum changed = ExemplarAlbum.open(dir, third, "id-1", cache);
        List<Landmarks> rebuilt = landmarks(changed, dir);
        assertEquals(2, third.widths.size(), "b.png (changed) and d.png (new) only");
        assertEquals(built.get(0), rebuilt.get(0));
        assertEquals(90.0, rebuilt.get(1).x(0), 0.5);
        assertTrue(changed.save().isPresent());
        assertEquals(rebuilt, landmarks(ExemplarAlbum.open(dir, new Counting(true), "id-1", cache), dir));
    }

    @Test
    void anotherDetectorRebuildsAndLoadUsesTheFolderWhenTheCacheIsUnwritable(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("album"));
        image(dir.resolve("a.png"), 64, 0.5f);
        Path notAFolder = Files.writeString(tmp.resolve("cache-is-a-file"), "x");
        ExemplarAlbum album = ExemplarAlbum.open(dir, new Counting(false), "id-1", notAFolder);
        landmarks(album, dir);
        assertEquals(Optional.of(dir.resolve(ExemplarAlbum.INDEX_FILE).toAbsolutePath()), album.save());
        landmarks(ExemplarAlbum.open(dir, new Counting(true), "id-1", notAFolder), dir);
        Counting other = new Counting(false);
        landmarks(ExemplarAlbum.open(dir, other, "id-2", notAFolder), dir);
        assertEquals(1, other.widths.size(), "entries of another detector id are redone");
    }

    /**
     * Issue 23: prepared exemplars are cached, so a second run on the album neither decodes nor prepares
     * them; a changed file, other landmarks or another preparation id prepares again.
     */
    @Test
    void preparedExemplarsAreCachedByContentLandmarksAndPreparation(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("album"));
        Path cache = tmp.resolve("cache");
        image(dir.resolve("a.png"), 64, 0.2f);
        image(dir.resolve("b.png"), 64, 0.6f);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.UnaryOperator<dev.asffnet.api.Exemplar> halve = e -> {   // keeps the left half
            calls.incrementAndGet();
            FaceImage img = e.image();
            int w = img.width() / 2;
            float[] px = new float[3 * w * img.height()];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < img.height(); y++) {
                    for (int x = 0; x < w; x++) {
                        px[(c * img.height() + y) * w + x] = img.get(c, x, y) + 0.001f * x;
                    }
                }
            }
            return new dev.asffnet.api.Exemplar(FaceImage.of(w, img.height(), px),
                    e.landmarks().transformed(0.5, 0, 0, 0, 1, 0), e.source());
        };
        Optional<String> v1 = Optional.of("halve-v1");
        ExemplarAlbum first = ExemplarAlbum.open(dir, new Counting(false), "id-1", cache);
        List<dev.asffnet.api.Exemplar> made = new ArrayList<>();
        for (Path p : ExemplarAlbum.images(dir)) {
            made.add(first.prepared(p, Optional.empty(), v1, halve));
        }
        first.save();
        assertEquals(2, calls.get());
        assertEquals(32, made.get(0).image().width());

        ExemplarAlbum second = ExemplarAlbum.open(dir, new Counting(true), "id-1", cache);
        for (int i = 0; i < 2; i++) {
            Path p = ExemplarAlbum.images(dir).get(i);
            dev.asffnet.api.Exemplar again = second.prepared(p, Optional.empty(), v1, halve);
            assertEquals(2, calls.get(), "served from the cache: not prepared again");
            assertTrue(java.util.Arrays.equals(made.get(i).image().toArray(), again.image().toArray()), "pixels");
            assertEquals(made.get(i).landmarks(), again.landmarks());
            assertEquals(p.toString(), again.source());
        }
        Path a = dir.resolve("a.png");
        second.prepared(a, Optional.empty(), Optional.of("halve-v2"), halve);
        assertEquals(3, calls.get(), "another preparation id prepares again");
        second.prepared(a, Optional.of(made.get(1).landmarks()), v1, halve);
        assertEquals(4, calls.get(), "other (stored) landmarks prepare again");
        image(a, 64, 0.3f);
        ExemplarAlbum third = ExemplarAlbum.open(dir, new Counting(false), "id-1", cache);
        assertEquals(0.3f, third.prepared(a, Optional.empty(), v1, halve).image().get(0, 0, 0), 0.003f);
        assertEquals(5, calls.get(), "a changed file prepares again");
        third.prepared(a, Optional.empty(), Optional.empty(), halve);
        assertEquals(6, calls.get(), "no preparation id: no cache");
    }
}
