package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.formats.AswtFile;
import dev.asffnet.pipeline.EngineInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TfConcurrencyTest {
    @Test
    void eightThreadsGiveTheSerialResults() throws Exception {
        int threads = 8;
        Map<String, AswtFile.Tensor> fx = TestModels.fixture("tiny-asff");
        int s = 128;
        try (TfAsffnetNetwork net = TestModels.open("tiny-asff")) {
            // distinct inputs per task: the fixture's sample 0 perturbed by the task index
            List<float[][]> inputs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random r = new Random(t);
                float[] d = slice(fx.get("degraded").data(), 3 * s * s);
                for (int i = 0; i < d.length; i += 97) {
                    d[i] = r.nextFloat();
                }
                inputs.add(new float[][] {d, slice(fx.get("guidance").data(), 3 * s * s),
                    slice(fx.get("warp_grid").data(), 32 * 32 * 2), slice(fx.get("landmark_map").data(), s * s)});
            }
            List<float[]> serial = new ArrayList<>();
            for (float[][] in : inputs) {
                serial.add(net.forward(new EngineInput(1, net.size(), in[0], in[1], in[2], in[3])));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<float[]>> futures = new ArrayList<>();
                    for (float[][] in : inputs) {
                        futures.add(pool.submit(() -> net.forward(new EngineInput(1, net.size(), in[0], in[1], in[2], in[3]))));
                    }
                    for (int t = 0; t < threads; t++) {
                        assertArrayEquals(serial.get(t), futures.get(t).get(), "task " + t + " round " + round);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void wrongInputSizesAndUseAfterClose() {
        TfAsffnetNetwork net = TestModels.open("tiny-unguided");
        float[] img = new float[3 * 128 * 128];
        float[] grid = new float[32 * 32 * 2];
        float[] map = new float[128 * 128];
        assertThrows(InvalidInputException.class, () -> net.forward(new EngineInput(2, net.size(), img, img, grid, map)));
        assertThrows(InvalidInputException.class, () -> net.forward(new EngineInput(0, net.size(), img, img, grid, map)));
        assertThrows(InvalidInputException.class, () -> net.forward(new EngineInput(1, net.size(), img, null, grid, map)));
        net.forward(new EngineInput(1, net.size(), img, img, grid, map));
        net.close();
        net.close();
        assertThrows(dev.asffnet.api.RestorerClosedException.class, () -> net.forward(new EngineInput(1, net.size(), img, img, grid, map)));
    }

    private static float[] slice(float[] a, int len) {
        float[] o = new float[len];
        System.arraycopy(a, 0, o, 0, len);
        return o;
    }
}
