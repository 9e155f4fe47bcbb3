package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.AswtFile;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.EngineInput;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each embedded ONNX model in ONNX Runtime Java equals the PyTorch model it was exported from: its fixture
 * ({@code parity_fixture.bin} for the default model, {@code parity_fixture_256.bin} for the 256 model, written
 * by training/export.py from the same checkpoint) holds inputs and PyTorch's outputs for several cases; max abs
 * difference must stay below 1e-4. The default model is also run with spinning intra-op threads
 * ({@link RestorerOptions#withSpinningThreads}), which must not change what it computes.
 */
class OnnxParityTest {
    private static final float TOLERANCE = 1e-4f;

    @ParameterizedTest
    @CsvSource({"/dev/asffnet/onnx/parity_fixture.bin, " + PackagedModels.ASFFNET_ONNX + ", 128, false",
            "/dev/asffnet/onnx/parity_fixture.bin, " + PackagedModels.ASFFNET_ONNX + ", 128, true",
            "/dev/asffnet/onnx/parity_fixture_256.bin, " + PackagedModels.ASFFNET_256_ONNX + ", 256, false"})
    void embeddedModelMatchesPyTorch(String fixture, String model, int size, boolean spinning) throws Exception {
        Map<String, AswtFile.Tensor> fx;
        try (InputStream in = getClass().getResourceAsStream(fixture)) {
            fx = AswtFile.read(in, "parity fixture");
        }
        TreeSet<String> cases = new TreeSet<>();
        for (String k : fx.keySet()) {
            if (k.endsWith("restored")) {
                cases.add(k.substring(0, k.length() - "restored".length()));
            }
        }
        assertFalse(cases.isEmpty(), "fixture has no 'restored' tensor: " + fx.keySet());
        try (OnnxAsffnetNetwork net = OnnxAsffnetNetwork.openEmbedded(model,
                RestorerOptions.defaults().withThreads(2).withSpinningThreads(spinning))) {
            assertEquals(size, net.size());
            for (String c : cases) {
                int n = fx.get(c + "degraded").shape()[0];
                float[] out = net.forward(new EngineInput(n, net.size(), fx.get(c + "degraded").data(),
                        fx.get(c + "guidance").data(), fx.get(c + "warp_grid").data(), fx.get(c + "landmark_map").data()));
                float[] ref = fx.get(c + "restored").data();
                float err = 0;
                for (int i = 0; i < ref.length; i++) {
                    err = Math.max(err, Math.abs(ref[i] - out[i]));
                }
                System.out.printf("ONNX Runtime vs PyTorch, %s %s(n=%d, spinning %b): max abs %.3g%n", model, c, n,
                        spinning, err);
                assertTrue(err < TOLERANCE, c + ": max abs " + err);
            }
        }
    }
}
