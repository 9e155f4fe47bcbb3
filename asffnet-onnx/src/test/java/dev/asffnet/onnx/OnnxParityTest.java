package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.AswtFile;
import dev.asffnet.pipeline.EngineInput;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The embedded ONNX model in ONNX Runtime Java equals the PyTorch model it was exported from: the fixture
 * {@code parity_fixture.bin} (written by training/export.py from the same checkpoint) holds inputs and
 * PyTorch's outputs for several cases; max abs difference must stay below 1e-4.
 */
class OnnxParityTest {
    private static final float TOLERANCE = 1e-4f;

    @Test
    void embeddedModelMatchesPyTorch() throws Exception {
        Map<String, AswtFile.Tensor> fx;
        try (InputStream in = getClass().getResourceAsStream("/dev/asffnet/onnx/parity_fixture.bin")) {
            fx = AswtFile.read(in, "parity fixture");
        }
        TreeSet<String> cases = new TreeSet<>();
        for (String k : fx.keySet()) {
            if (k.endsWith("restored")) {
                cases.add(k.substring(0, k.length() - "restored".length()));
            }
        }
        assertFalse(cases.isEmpty(), "fixture has no 'restored' tensor: " + fx.keySet());
        try (OnnxAsffnetNetwork net = OnnxAsffnetNetwork.open(RestorerOptions.defaults())) {
            for (String c : cases) {
                int n = fx.get(c + "degraded").shape()[0];
                float[] out = net.forward(new EngineInput(n, net.size(), fx.get(c + "degraded").data(),
                        fx.get(c + "guidance").data(), fx.get(c + "warp_grid").data(), fx.get(c + "landmark_map").data()));
                float[] ref = fx.get(c + "restored").data();
                float err = 0;
                for (int i = 0; i < ref.length; i++) {
                    err = Math.max(err, Math.abs(ref[i] - out[i]));
                }
                System.out.printf("ONNX Runtime vs PyTorch %s(n=%d): max abs %.3g%n", c, n, err);
                assertTrue(err < TOLERANCE, c + ": max abs " + err);
            }
        }
    }
}
