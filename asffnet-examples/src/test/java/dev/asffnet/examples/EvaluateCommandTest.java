package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} end to end on two test identities of the shared data (skipped when ../shared is absent):
 * the sharpness ratio and identity cosine of every method, the detected-landmark rows of the guided and the
 * unguided model, the wrong-exemplar row and its gap, and the picture grids.
 */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    private static Path shared() {
        Path d = Path.of("../../shared/data/celeba-faces").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(d), "../shared/data/celeba-faces absent: skipping evaluate test");
        return d;
    }

    private static Path unguidedModel() {
        Path m = Path.of("../training/exports/asffnet-unguided.onnx").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(m), m + " absent: skipping evaluate test");
        return m;
    }

    private static JsonObject at(JsonObject methods, String method, String scale) {
        assertTrue(methods.has(method), "no row " + method + " in " + methods.keySet());
        return methods.getAsJsonObject(method).getAsJsonObject(scale);
    }

    @Test
    void aTinyEvaluationWritesSharpnessIdentityWrongExemplarAndGrids() throws Exception {
        Path data = shared();
        Path out = tmp.resolve("eval");
        Cli r = Cli.run("evaluate", "--output", out.toString(), "--data", data.toString(), "--identities", "2",
                "--per-identity", "1", "--counts", "1", "--scales", "4", "--grids", "2", "--threads", "1",
                "--unguided-model", unguidedModel().toString());
        assertEquals(0, r.code(), r.toString());

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        JsonObject methods = json.getAsJsonObject("methods");
        for (String m : List.of("bicubic", EvaluateCommand.DETECTED, EvaluateCommand.UNGUIDED_DETECTED,
                EvaluateCommand.WRONG, "selected", "unguided")) {
            JsonObject x4 = at(methods, m, "x4");
            assertEquals(2, x4.get("n").getAsInt(), m);
            double sharp = x4.get("sharpness_ratio").getAsDouble();
            double id = x4.get("identity_cosine").getAsDouble();
            assertTrue(sharp > 0 && Double.isFinite(sharp), m + " sharpness " + sharp);
            assertTrue(id > 0 && id <= 1, m + " identity " + id);
        }
        double bicubic = at(methods, "bicubic", "x4").get("sharpness_ratio").getAsDouble();
        double guided = at(methods, EvaluateCommand.DETECTED, "x4").get("sharpness_ratio").getAsDouble();
        assertTrue(bicubic < 1, "the degradation removes high frequencies: " + bicubic);
        assertTrue(guided > bicubic, "the restoration adds detail over bicubic: " + guided + " vs " + bicubic);

        double right = at(methods, EvaluateCommand.DETECTED, "x4").get("psnr").getAsDouble();
        double wrong = at(methods, EvaluateCommand.WRONG, "x4").get("psnr").getAsDouble();
        assertNotEquals(right, wrong, "another identity's exemplars give another result");
        double gap = json.getAsJsonObject("right_minus_wrong_exemplar").getAsJsonObject("x4").get("psnr_db").getAsDouble();
        assertEquals(right - wrong, gap, 2e-4);

        assertEquals(List.of("grid-x4.png"),
                json.getAsJsonArray("grids").asList().stream().map(e -> e.getAsString()).toList());
        BufferedImage grid = ImageIO.read(out.resolve("grid-x4.png").toFile());
        // columns: degraded input, chosen exemplar, unguided, guided, ground truth; one row per target
        assertEquals(5 * 128, grid.getWidth());
        assertEquals(2 * (128 + ContactSheet.CAPTION_HEIGHT), grid.getHeight());
        assertFalse(Files.exists(out.resolve("grid-x8.png")));

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| x4 sharpness |"), md);
        assertTrue(md.contains("| " + EvaluateCommand.WRONG + " |"), md);
        assertTrue(md.contains("Right minus wrong exemplar identity"), md);
        assertTrue(r.out().contains("Right minus wrong exemplar identity"), r.toString());
    }

    @Test
    void theWrongExemplarRowAndTheGridsAreOptional() throws Exception {
        Path data = shared();
        Path out = tmp.resolve("plain");
        Cli r = Cli.run("evaluate", "--output", out.toString(), "--data", data.toString(), "--identities", "1",
                "--per-identity", "1", "--counts", "1", "--scales", "8", "--threads", "1", "--no-wrong-exemplar");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        JsonObject methods = json.getAsJsonObject("methods");
        assertFalse(methods.has(EvaluateCommand.WRONG), methods.keySet().toString());
        assertFalse(methods.has(EvaluateCommand.UNGUIDED_DETECTED), methods.keySet().toString());
        assertFalse(json.has("right_minus_wrong_exemplar"));
        assertEquals(0, json.getAsJsonArray("grids").size());
        assertTrue(at(methods, "selected", "x8").has("sharpness_ratio"));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("grid-")));
        }
    }

    /**
     * {@code --size 256} scores 256 crops: the packaged model restores them with its 256 model, and without it
     * (--no-large-face-model) the 128 result is pasted back at 256; both are scored against the 256 truth.
     */
    @Test
    void size256ScoresLargeFacesWithAndWithoutTheLargeModel() throws Exception {
        Path data = shared();
        Map<Boolean, Double> gain = new java.util.HashMap<>();
        for (boolean large : List.of(true, false)) {
            Path out = tmp.resolve("s256-" + large);
            Cli r = Cli.run("evaluate", "--output", out.toString(), "--data", data.toString(), "--identities", "2",
                    "--per-identity", "1", "--counts", "1", "--scales", "4", "--threads", "1", "--no-wrong-exemplar",
                    "--size", "256", large ? "--large-face-model" : "--no-large-face-model");
            assertEquals(0, r.code(), r.toString());
            JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
            assertEquals(256, json.get("size").getAsInt());
            JsonObject methods = json.getAsJsonObject("methods");
            int n = at(methods, "selected", "x4").get("n").getAsInt();
            assertEquals(2 - json.get("left_out_too_small").getAsInt(), n, "targets scored or left out as too small");
            gain.put(large, at(methods, "selected", "x4").get("psnr").getAsDouble()
                    - at(methods, "bicubic", "x4").get("psnr").getAsDouble());
        }
        assertTrue(gain.get(true) > 0 && gain.get(false) > 0, "both restore: " + gain);
        assertNotEquals(gain.get(true), gain.get(false), "the large model gives another result: " + gain);
        Cli bad = Cli.run("evaluate", "--output", tmp.toString(), "--size", "30");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--size must be"), bad.toString());
    }

    @Test
    void aNegativeGridCountIsAUsageError() {
        Cli r = Cli.run("evaluate", "--output", tmp.toString(), "--grids", "-1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--grids must be 0 or more"), r.toString());
    }

    /**
     * A target whose reference landmarks are not on the face (here: moved by half the crop) is recognised
     * from the clean crop and left out; its correct reference is kept.
     */
    @Test
    void mislabelledReferencesAreRecognisedOnTheCleanCrop() throws Exception {
        Path data = shared();
        java.util.List<EvalSet.Group> groups = EvalSet.load(data, EvalSet.defaultSplit());
        EvalSet.Group g = groups.get(0);
        dev.asffnet.geometry.crop.AlignedFace good = g.groundTruth(0, 128);
        try (dev.asffnet.face.FaceFrontEnd front = new dev.asffnet.face.FaceFrontEnd(1)) {
            assertTrue(EvaluateCommand.referenceProblem(front, good).isEmpty(), "a correct reference is kept");
            dev.asffnet.api.Landmarks l = g.landmarks().get(0);
            double eye = Math.hypot(l.x(45) - l.x(36), l.y(45) - l.y(36));
            dev.asffnet.api.Exemplar moved = new dev.asffnet.api.Exemplar(g.exemplar(0).image(),
                    l.transformed(1, 0, 0, 0, 1, 1.5 * eye));       // the "face" 1.5 eye distances lower
            dev.asffnet.geometry.crop.AlignedFace wrong =
                    dev.asffnet.geometry.crop.FaceAligner.align(moved.image(), moved.landmarks(), 128);
            assertTrue(EvaluateCommand.referenceProblem(front, wrong).isPresent(), "a moved reference is recognised");
        }
    }
}
