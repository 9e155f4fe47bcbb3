package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.pipeline.EngineInput;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TfProfileTest {
    @Test
    void profileListsTheExecutedNodesAndLeavesForwardUnchanged() {
        try (TfAsffnetNetwork net = TestModels.open("tiny-asff")) {
            int s = net.size();
            Random r = new Random(3);
            float[] d = new float[3 * s * s];
            float[] g = new float[3 * s * s];
            float[] w = new float[32 * 32 * 2];
            float[] m = new float[s * s];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextFloat();
                g[i] = r.nextFloat();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = 2 * r.nextFloat() - 1;
            }
            EngineInput in = new EngineInput(1, s, d, g, w, m);
            float[] before = net.forward(in);

            List<TfAsffnetNetwork.NodeTime> nodes = net.profile(in);
            assertFalse(nodes.isEmpty());
            List<TfAsffnetNetwork.NodeTime> convs = nodes.stream().filter(n -> n.op().contains("Conv2D")).toList();
            assertFalse(convs.isEmpty(), "no convolution in " + nodes.stream().map(n -> n.op()).distinct().toList());
            for (TfAsffnetNetwork.NodeTime c : convs) {
                assertTrue(c.micros() >= 0);
                assertEquals(4, c.outputShapes().get(0).size(), c.toString());
                // the HWIO kernel is the first constant input, its input channels those of the layer
                List<Long> k = c.constantInputShapes().get(0);
                assertEquals(4, k.size(), c.toString());
                assertEquals(k.get(3), c.outputShapes().get(0).get(3), c.toString());
            }
            // the name scopes that let a profile attribute the MLS warp and AdaIN
            assertTrue(nodes.stream().anyMatch(n -> n.node().startsWith("grid_sample/")));
            assertTrue(nodes.stream().anyMatch(n -> n.node().startsWith("adain/")));

            assertArrayEquals(before, net.forward(in));
            EngineInput small = new EngineInput(1, 64, new float[3 * 64 * 64], new float[3 * 64 * 64],
                    new float[16 * 16 * 2], new float[64 * 64]);
            assertThrows(InvalidInputException.class, () -> net.profile(small));
        }
    }
}
