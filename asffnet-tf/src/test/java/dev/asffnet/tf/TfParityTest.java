package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.RestorerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TF graph vs PyTorch (model.py) outputs on the same inputs. */
class TfParityTest {
    static final float TOLERANCE = 1e-4f;
    /** The training engineer's fixture for the trained default model (inputs and PyTorch outputs). */
    static final Path DEFAULT_FIXTURE = Path.of("../asffnet-onnx/src/test/resources/dev/asffnet/onnx/parity_fixture.bin");
    static final Path DEFAULT_WEIGHTS = Path.of("../asffnet-models/src/main/resources/dev/asffnet/models/asffnet-default.weights");

    @ParameterizedTest
    @ValueSource(strings = {"tiny-asff", "tiny-concat", "tiny-unguided"})
    void randomWeightModelsMatchPyTorch(String variant) {
        Map<String, AswtFile.Tensor> fx = TestModels.fixture(variant);
        try (TfAsffnetNetwork net = TestModels.open(variant)) {
            float err = TestModels.maxAbs(fx.get("restored").data(), TestModels.forward(net, fx));
            System.out.printf("parity %s (config %s): max abs %.3g%n", variant, net.config(), err);
            assertTrue(err < TOLERANCE, variant + ": max abs " + err);
        }
    }

    @Test
    void defaultModelMatchesPyTorchFixture() {
        assumeTrue(Files.isRegularFile(DEFAULT_FIXTURE), "no " + DEFAULT_FIXTURE + " yet");
        assumeTrue(Files.isRegularFile(DEFAULT_WEIGHTS), "no " + DEFAULT_WEIGHTS + " yet");
        Map<String, AswtFile.Tensor> fx = TestModels.read(DEFAULT_FIXTURE);
        try (TfAsffnetNetwork net = TfAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(DEFAULT_WEIGHTS))) {
            float err = TestModels.maxAbs(fx.get("restored").data(), TestModels.forward(net, fx));
            System.out.printf("parity default model (n=%d): max abs %.3g%n", fx.get("degraded").shape()[0], err);
            assertTrue(err < TOLERANCE, "default model: max abs " + err);
        }
    }
}
