package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The TF graph vs ONNX Runtime on the exported ONNX of the same weights, random inputs. */
class TfVsOnnxTest {
    static final float TOLERANCE = 1e-4f;

    /** Random inputs in the ranges the pipeline produces; grid partly outside [-1, 1]. */
    static float[][] randomInputs(int n, int s, long seed) {
        Random r = new Random(seed);
        int f = s / 4;
        float[] d = new float[n * 3 * s * s];
        float[] g = new float[n * 3 * s * s];
        float[] w = new float[n * f * f * 2];
        float[] m = new float[n * s * s];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
            g[i] = r.nextFloat();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() * 2.2f - 1.1f;
        }
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextFloat() < 0.03f ? 1f : 0f;
        }
        return new float[][] {d, g, w, m};
    }

    static float compare(TfAsffnetNetwork tf, OnnxAsffnetNetwork onnx, int n, long seed) {
        float[][] in = randomInputs(n, tf.size(), seed);
        float[] a = tf.forward(new EngineInput(n, tf.size(), in[0], in[1], in[2], in[3]));
        float[] b = onnx.forward(new EngineInput(n, onnx.size(), in[0], in[1], in[2], in[3]));
        return TestModels.maxAbs(a, b);
    }

    @Test
    void tinyModelAgreesWithOnnxRuntime() {
        try (TfAsffnetNetwork tf = TestModels.open("tiny-asff");
             OnnxAsffnetNetwork onnx = OnnxAsffnetNetwork.open(
                     RestorerOptions.defaults().withModelFile(TestModels.resource("tiny-asff.onnx")))) {
            float err = compare(tf, onnx, 3, 7);
            System.out.printf("TF vs ONNX tiny-asff (n=3): max abs %.3g%n", err);
            assertTrue(err < TOLERANCE, "max abs " + err);
        }
    }

    /** Pair of exported files to compare besides the packaged model: -Dasffnet.tfonnx.weights=, .onnx= */
    @Test
    void givenModelFilesAgree() {
        String w = System.getProperty("asffnet.tfonnx.weights");
        String o = System.getProperty("asffnet.tfonnx.onnx");
        assumeTrue(w != null && o != null, "no -Dasffnet.tfonnx.weights/onnx given");
        try (TfAsffnetNetwork tf = TfAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(Path.of(w)));
             OnnxAsffnetNetwork onnx = OnnxAsffnetNetwork.open(RestorerOptions.defaults().withModelFile(Path.of(o)))) {
            float err = compare(tf, onnx, 2, 13);
            System.out.printf("TF vs ONNX %s (n=2): max abs %.3g%n", o, err);
            assertTrue(err < TOLERANCE, "max abs " + err);
        }
    }

    @Test
    void defaultModelAgreesWithOnnxRuntime() {
        assumeTrue(TfVsOnnxTest.class.getResource(PackagedModels.ASFFNET_WEIGHTS) != null, "no packaged weights yet");
        assumeTrue(TfVsOnnxTest.class.getResource(PackagedModels.ASFFNET_ONNX) != null, "no packaged ONNX model yet");
        try (TfAsffnetNetwork tf = TfAsffnetNetwork.open(RestorerOptions.defaults());
             OnnxAsffnetNetwork onnx = OnnxAsffnetNetwork.open(RestorerOptions.defaults())) {
            float err = compare(tf, onnx, 2, 11);
            System.out.printf("TF vs ONNX default model (n=2): max abs %.3g%n", err);
            assertTrue(err < TOLERANCE, "max abs " + err);
        }
    }
}
