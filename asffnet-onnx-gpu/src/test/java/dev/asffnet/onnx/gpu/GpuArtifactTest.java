package dev.asffnet.onnx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a consumer of {@code asffnet-onnx-gpu} gets: ONNX Runtime from the onnxruntime_gpu artifact and no
 * CPU onnxruntime beside it, and a restorer that runs with {@code Device.CUDA} (on the GPU where CUDA is
 * installed, otherwise on the CPU after one warning).
 */
class GpuArtifactTest {
    @Test
    void onlyTheGpuBuildOfOnnxRuntimeIsOnTheClassPath() {
        String where = OrtSession.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(where.contains("onnxruntime_gpu"), "ONNX Runtime comes from " + where);
        List<String> cp = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertFalse(cp.stream().anyMatch(p -> new File(p).getName().startsWith("onnxruntime-")),
                "the CPU onnxruntime artifact is also on the class path: " + cp);
    }

    @Test
    void aRestorerRunsWithCudaRequested() {
        Random r = new Random(4);
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {
            double t = 2 * Math.PI * i / 68;
            xy[2 * i] = 64 + 30 * Math.cos(t) + r.nextGaussian();
            xy[2 * i + 1] = 64 + 36 * Math.sin(t) + r.nextGaussian();
        }
        for (int i = 36; i < 48; i++) {           // eyes above the mouth
            xy[2 * i] = i < 42 ? 48 + (i - 36) : 76 + (i - 42);
            xy[2 * i + 1] = 54;
        }
        float[] px = new float[3 * 128 * 128];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextFloat();
        }
        Exemplar face = new Exemplar(FaceImage.of(128, 128, px), Landmarks.of(xy));
        try (Restorer restorer = Restorers.open("onnx", RestorerOptions.defaults().withDevice(RestorerOptions.Device.CUDA))) {
            assertEquals(128, restorer.restore(face, List.of(face)).restored().width());
        }
    }
}
