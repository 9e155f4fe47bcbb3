package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.formats.AswtFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing, corrupt and mismatched weights fail with a ModelLoadException that says what is wrong. */
class TfModelLoadTest {
    @TempDir
    Path dir;

    private ModelLoadException fail(Path weights, Path config) {
        return assertThrows(ModelLoadException.class,
                () -> TfAsffnetNetwork.load(weights, config, RestorerOptions.Device.CPU, 0).close());
    }

    private static void assertMessage(ModelLoadException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    private Path write(String name, Map<String, AswtFile.Tensor> t) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            AswtFile.write(out, t);
        }
        return p;
    }

    @Test
    void missingWeightsFile() {
        assertMessage(fail(dir.resolve("nope.weights"), TestModels.config("tiny-asff")), "not found", "nope.weights");
    }

    @Test
    void badLandmarkWeightsFileThroughTheProvider() throws IOException {
        Files.copy(TestModels.weights("tiny-asff"), dir.resolve("m.weights"));
        Files.copy(TestModels.config("tiny-asff"), dir.resolve("m.json"));
        Path w = dir.resolve("w.txt");
        Files.writeString(w, "1\n".repeat(67) + "NaN\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Restorers.open("tf",
                RestorerOptions.defaults().withModelFile(dir.resolve("m.weights")).withLandmarkWeightsFile(w)).close());
        assertMessage(e, "landmark weights", "w.txt");
    }

    @Test
    void missingConfigBesideModelFile() throws IOException {
        Path w = dir.resolve("m.weights");
        Files.copy(TestModels.weights("tiny-asff"), w);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TfAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(w)).close());
        assertMessage(e, "m.json", "not found");
    }

    @Test
    void onnxPathMapsToTheWeightsBesideIt() throws IOException {
        Files.copy(TestModels.weights("tiny-unguided"), dir.resolve("m.weights"));
        Files.copy(TestModels.config("tiny-unguided"), dir.resolve("m.json"));
        try (TfAsffnetNetwork net = TfAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(dir.resolve("m.onnx")))) {
            assertTrue(!net.config().guided());
        }
    }

    @Test
    void notAnAswtFile() throws IOException {
        Path p = dir.resolve("x.weights");
        Files.writeString(p, "this is an ONNX file, honest");
        assertMessage(fail(p, TestModels.config("tiny-asff")), "not an ASWT weights file");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] b = Files.readAllBytes(TestModels.weights("tiny-asff"));
        Path p = dir.resolve("cut.weights");
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        assertMessage(fail(p, TestModels.config("tiny-asff")), "truncated");
    }

    @Test
    void weightsOfAnotherConfig() {
        // tiny-concat weights with tiny-asff's config: widths differ
        assertMessage(fail(TestModels.weights("tiny-concat"), TestModels.config("tiny-asff")),
                "does not match its config", "ed.conv1.weight");
    }

    @Test
    void missingTensor() throws IOException {
        Map<String, AswtFile.Tensor> t = new LinkedHashMap<>(TestModels.read(TestModels.weights("tiny-asff")));
        t.remove("blocks.1.rl.weight");
        assertMessage(fail(write("m.weights", t), TestModels.config("tiny-asff")), "'blocks.1.rl.weight'", "missing");
    }

    @Test
    void unexpectedTensors() throws IOException {
        Map<String, AswtFile.Tensor> t = new LinkedHashMap<>(TestModels.read(TestModels.weights("tiny-asff")));
        t.put("blocks.2.fd.0.weight", t.get("blocks.1.fd.0.weight"));
        assertMessage(fail(write("m.weights", t), TestModels.config("tiny-asff")), "blocks.2.fd.0.weight",
                "does not use");
    }

    @Test
    void wrongShape() throws IOException {
        Map<String, AswtFile.Tensor> t = new LinkedHashMap<>(TestModels.read(TestModels.weights("tiny-asff")));
        t.put("recon.out.bias", new AswtFile.Tensor(new int[] {4}, new float[4]));
        assertMessage(fail(write("m.weights", t), TestModels.config("tiny-asff")), "recon.out.bias", "[4]", "[3]");
    }

    @Test
    void badConfig() throws IOException {
        Path c = dir.resolve("c.json");
        Files.writeString(c, "{\"config\": {\"fusion\": \"sum\"}}");
        assertMessage(fail(TestModels.weights("tiny-asff"), c), "fusion");
        Files.writeString(c, "{\"config\": {\"width\": 24,");
        assertMessage(fail(TestModels.weights("tiny-asff"), c), "malformed JSON");
    }
}
