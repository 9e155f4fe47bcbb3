package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.AswtFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TF graph vs PyTorch (model.py) outputs on the same inputs. */
class TfParityTest {
    static final float TOLERANCE = 1e-4f;
    /**
     * The exporter's fixture for the trained default model (training/export.py: tensors {@code caseK/<input>}
     * and {@code caseK/restored}); override with -Dasffnet.parity.fixture=... and -Dasffnet.parity.weights=...
     */
    static final Path DEFAULT_FIXTURE = Path.of(System.getProperty("asffnet.parity.fixture",
            "../asffnet-onnx/src/test/resources/dev/asffnet/onnx/parity_fixture.bin"));
    static final Path DEFAULT_WEIGHTS = Path.of(System.getProperty("asffnet.parity.weights",
            "../asffnet-models/src/main/resources/dev/asffnet/models/asffnet-default.weights"));

    @ParameterizedTest
    @ValueSource(strings = {"tiny-asff", "tiny-concat", "tiny-unguided"})
    void randomWeightModelsMatchPyTorch(String variant) {
        Map<String, AswtFile.Tensor> fx = TestModels.fixture(variant);
        try (TfAsffnetNetwork net = TestModels.open(variant)) {
            float err = TestModels.maxAbs(fx.get("restored").data(), TestModels.forward(net, fx, ""));
            System.out.printf("parity %s (config %s): max abs %.3g%n", variant, net.config(), err);
            assertTrue(err < TOLERANCE, variant + ": max abs " + err);
        }
    }

    @Test
    void defaultModelMatchesPyTorchFixture() {
        embeddedModelMatches(DEFAULT_FIXTURE, DEFAULT_WEIGHTS, 128);
    }

    @Test
    void largeFaceModelMatchesPyTorchFixture() {
        embeddedModelMatches(Path.of("../asffnet-onnx/src/test/resources/dev/asffnet/onnx/parity_fixture_256.bin"),
                Path.of("../asffnet-models/src/main/resources/dev/asffnet/models/asffnet-256.weights"), 256);
    }

    private static void embeddedModelMatches(Path fixture, Path weights, int size) {
        assumeTrue(Files.isRegularFile(fixture), "no " + fixture + " yet");
        assumeTrue(Files.isRegularFile(weights), "no " + weights + " yet");
        Map<String, AswtFile.Tensor> fx = TestModels.read(fixture);
        TreeSet<String> cases = new TreeSet<>();
        for (String k : fx.keySet()) {
            if (k.endsWith("restored")) {
                cases.add(k.substring(0, k.length() - "restored".length()));
            }
        }
        assertFalse(cases.isEmpty(), "fixture " + fixture + " has no 'restored' tensor: " + fx.keySet());
        try (TfAsffnetNetwork net = TfAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(weights))) {
            assertEquals(size, net.size());
            for (String c : cases) {
                float err = TestModels.maxAbs(fx.get(c + "restored").data(), TestModels.forward(net, fx, c));
                System.out.printf("parity %s %s(n=%d): max abs %.3g%n", weights.getFileName(), c,
                        fx.get(c + "degraded").shape()[0], err);
                assertTrue(err < TOLERANCE, weights.getFileName() + " " + c + ": max abs " + err);
            }
        }
    }
}
