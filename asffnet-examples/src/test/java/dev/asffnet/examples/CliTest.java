package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.FaceFrontEnd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI commands end to end on the shared sample data (skipped when ../shared is absent). */
class CliTest {
    @TempDir
    Path tmp;

    private static Path shared() {
        Path d = Path.of("../../shared/data/celeba-faces").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(d), "../shared/data/celeba-faces absent: skipping CLI test");
        return d;
    }

    /** Identity 7201's exemplar folder (landmarks from the shared landmarks68.csv). */
    private static Path exemplars() {
        return shared().resolve("7201");
    }

    /** A folder of frames: copies of two photos of identity 7201, named a.jpg and b.jpg (landmarks detected). */
    private Path frames(String name) throws IOException {
        Path frames = Files.createDirectories(tmp.resolve(name));
        Files.copy(exemplars().resolve("001085.jpg"), frames.resolve("a.jpg"));
        Files.copy(exemplars().resolve("007710.jpg"), frames.resolve("b.jpg"));
        return frames;
    }

    /** File name to content of every file of a folder (sub-folders left out). */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    private static Cli restore(Path input, Path output, String... more) {
        String[] base = {"restore", "--input", input.toString(), "--exemplars", exemplars().toString(), "--output",
            output.toString(), "--threads", "1"};
        return Cli.run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void demoWritesTheSheetAndTheRestoredFace() throws Exception {
        Path data = shared();
        Cli r = Cli.run("demo", "--output", tmp.toString(), "--data", data.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.toString());
        FaceImage restored = FaceImage.read(tmp.resolve("restored.png"));
        assertEquals(128, restored.width());
        assertTrue(Files.size(tmp.resolve("sheet.png")) > 10_000);
    }

    @Test
    void theTfBackendIsAFlagAwayAndGivesTheSameFace() throws Exception {
        Path data = shared();
        Cli onnx = Cli.run("demo", "--output", tmp.resolve("onnx").toString(), "--data", data.toString());
        Cli tf = Cli.run("demo", "--output", tmp.resolve("tf").toString(), "--data", data.toString(), "--backend", "tf");
        assertEquals(0, onnx.code() + tf.code(), onnx + "\n" + tf);
        float[] a = FaceImage.read(tmp.resolve("onnx/restored.png")).toArray();
        float[] b = FaceImage.read(tmp.resolve("tf/restored.png")).toArray();
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertTrue(max <= 1.5f / 255, "8-bit results of onnx and tf differ by " + max * 255 + " levels");
    }

    @Test
    void aFolderRunTwiceSkipsEverythingTheSecondTimeAndAKilledRunResumesToTheSameOutputs() throws Exception {
        Path frames = frames("frames");
        Path out = tmp.resolve("out");
        Cli first = restore(frames, out, "--sheet");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("done 2, skipped 0, failed 0 (frames with the face detector run: 1, with"
                + " faces followed from the previous frame: 1)"), "b's face is followed from a's box: " + first);
        assertTrue(first.out().matches("(?s).*a\\.jpg -> .*a\\.png \\(guidance: \\d+\\.jpg, distance .*"),
                "each frame names its guidance file: " + first);
        Map<String, byte[]> uninterrupted = contents(out);
        assertEquals(java.util.Set.of("a.png", "a-sheet.png", "b.png", "b-sheet.png"), uninterrupted.keySet());
        assertEquals(FaceImage.read(frames.resolve("a.jpg")).width(), FaceImage.read(out.resolve("a.png")).width());

        Cli second = restore(frames, out, "--sheet");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("done 0, skipped 2, failed 0"), second.toString());
        assertSameFiles(uninterrupted, contents(out));

        // a run killed while writing b: a is done, b's output is missing and its temporary file is left over
        Path killed = Files.createDirectories(tmp.resolve("killed"));
        Files.write(killed.resolve("a.png"), uninterrupted.get("a.png"));
        Files.write(killed.resolve("a-sheet.png"), uninterrupted.get("a-sheet.png"));
        byte[] b = uninterrupted.get("b.png");
        Path leftover = killed.resolve(".b.png.k1ll3d.tmp");
        Files.write(leftover, java.util.Arrays.copyOf(b, b.length / 2));
        Cli resumed = restore(frames, killed, "--sheet");
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("done 1, skipped 1, failed 0 (frames with the face detector run: 1, with"
                + " faces followed from the previous frame: 1)"), "a is passed through the tracker again: " + resumed);
        Map<String, byte[]> after = contents(killed);
        after.remove(leftover.getFileName().toString());
        assertSameFiles(uninterrupted, after);

        Cli again = restore(frames, killed, "--overwrite");
        assertTrue(again.out().contains("done 2, skipped 0, failed 0"), again.toString());
        assertArrayEquals(uninterrupted.get("a.png"), Files.readAllBytes(killed.resolve("a.png")));
    }

    @Test
    void aBadFrameIsReportedOnOneLineAndTheOthersAreRestored() throws Exception {
        Path frames = frames("frames");
        Files.delete(frames.resolve("b.jpg"));
        Files.createFile(frames.resolve("empty.jpg"));
        Path out = tmp.resolve("out");
        Cli r = restore(frames, out);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("done 1, skipped 0, failed 1"), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("failed ")).count(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("failed " + frames.resolve("empty.jpg") + ": ")),
                r.toString());
        assertTrue(Files.isRegularFile(out.resolve("a.png")));
        assertFalse(Files.exists(out.resolve("empty.png")));
    }

    @Test
    void aSingleImageWithItsSheetBesideIt() throws Exception {
        Path frames = frames("frames");
        Path out = tmp.resolve("restored.png");
        Cli r = restore(frames.resolve("a.jpg"), out, "--sheet");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("(guidance: "), r.toString());
        assertTrue(Files.isRegularFile(out) && Files.isRegularFile(tmp.resolve("restored-sheet.png")), r.toString());
    }

    @Test
    void aSingleImageIsRestoredAsTheLibrarysOwnDetectionWouldRestoreIt() throws Exception {
        // the CLI finds the input's faces while the engine opens, then restores in those boxes: the same bytes
        // as restorePhoto with the restorer's own detection (a copy of the photo, without stored landmarks)
        Path input = frames("in").resolve("a.jpg");
        Path out = tmp.resolve("cli.png");
        Cli r = restore(input, out);
        assertEquals(0, r.code(), r.toString());
        Path lib = tmp.resolve("library.png");
        try (Restorer restorer = Restorers.open("onnx", RestorerOptions.defaults().withThreads(1));
             FaceFrontEnd front = new FaceFrontEnd(1)) {
            List<Exemplar> exemplars = new FaceInputs(front).exemplars(exemplars(), input,
                    new PrintWriter(new StringWriter()), restorer).stream().map(FaceInputs.Named::exemplar).toList();
            restorer.restorePhoto(FaceImage.read(input), exemplars).image().write(lib);
        }
        assertArrayEquals(Files.readAllBytes(lib), Files.readAllBytes(out));
    }

    @Test
    void detectedExemplarLandmarksAreKeptInTheAlbumIndexAndReusedByTheNextRun() throws Exception {
        Path album = Files.createDirectories(tmp.resolve("album"));   // no landmark files: detected
        for (String f : new String[] {"007710.jpg", "017588.jpg", "018834.jpg"}) {
            Files.copy(exemplars().resolve(f), album.resolve(f));
        }
        Map<String, byte[]> before = contents(album);
        Path cache = Path.of(System.getProperty(dev.asffnet.formats.Caches.PROPERTY)).resolve("albums");
        Map<String, byte[]> indexesBefore = Files.isDirectory(cache) ? contents(cache) : Map.of();
        String[] args = {"restore", "--input", exemplars().resolve("001085.jpg").toString(), "--exemplars",
            album.toString(), "--output", tmp.resolve("first.png").toString(), "--threads", "1"};
        Cli first = Cli.run(args);
        assertEquals(0, first.code(), first.toString());
        assertSameFiles(before, contents(album));   // the album folder is not touched
        Map<String, byte[]> indexes = contents(cache);
        indexes.keySet().removeAll(indexesBefore.keySet());
        assertEquals(1, indexes.size(), "one new album index in the cache: " + indexes.keySet());
        Path index = cache.resolve(indexes.keySet().iterator().next());
        String text = Files.readString(index);
        for (String f : new String[] {"007710.jpg", "017588.jpg", "018834.jpg"}) {
            assertTrue(text.contains("\"" + f + "\""), text);
        }
        Map<String, byte[]> prepared = contents(cache.resolve("prepared"));
        assertTrue(prepared.size() >= 3, "the three prepared exemplars are cached: " + prepared.keySet());
        args[6] = tmp.resolve("second.png").toString();
        Cli second = Cli.run(args);
        assertEquals(0, second.code(), second.toString());
        assertEquals(text, Files.readString(index), "nothing new detected: the index is not rewritten");
        // the second run takes the exemplars from the prepared cache and restores the same bytes
        assertArrayEquals(Files.readAllBytes(tmp.resolve("first.png")), Files.readAllBytes(tmp.resolve("second.png")));
    }
}
