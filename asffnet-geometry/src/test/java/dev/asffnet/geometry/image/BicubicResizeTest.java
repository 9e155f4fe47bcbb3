package dev.asffnet.geometry.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.formats.Json;
import dev.asffnet.geometry.FixtureKeys;
import dev.asffnet.geometry.TestData;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BicubicResizeTest {
    static LongStream seeds() {
        return TestData.seeds(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sampleAllEqualsOneSamplePerPlane(long seed) {
        Random r = new Random(seed);
        int c = 1 + r.nextInt(4), w = 1 + r.nextInt(30), h = 1 + r.nextInt(30);
        float[] img = new float[c * w * h];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (1.4 * r.nextDouble() - 0.2);    // values outside [0,1] too: both clamp
        }
        float[] all = new float[c];
        for (int k = 0; k < 20; k++) {
            double x = -2 + (w + 3) * r.nextDouble();
            double y = -2 + (h + 3) * r.nextDouble();
            BicubicResize.sampleAll(img, c, w, h, x, y, all);
            for (int ch = 0; ch < c; ch++) {
                assertEquals(BicubicResize.sample(img, ch * w * h, w, h, x, y), all[ch], 0f,
                        "seed " + seed + " plane " + ch + " at " + x + "," + y);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void constantsArePreservedAtAnySize(long seed) {
        Random r = new Random(seed);
        int c = 1 + r.nextInt(3), w = 1 + r.nextInt(40), h = 1 + r.nextInt(40);
        int nw = 1 + r.nextInt(60), nh = 1 + r.nextInt(60);
        float[] img = new float[c * w * h];
        float[] values = new float[c];
        for (int ch = 0; ch < c; ch++) {
            values[ch] = (float) r.nextDouble();
            java.util.Arrays.fill(img, ch * w * h, (ch + 1) * w * h, values[ch]);
        }
        float[] out = BicubicResize.resize(img, c, w, h, nw, nh);
        assertEquals(c * nw * nh, out.length);
        for (int i = 0; i < out.length; i++) {
            assertEquals(values[i / (nw * nh)], out[i], 1e-6, "seed " + seed + " " + w + "x" + h + "->" + nw + "x" + nh);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void upsamplingReproducesLinearRampsAwayFromTheBorder(long seed) {
        Random r = new Random(seed);
        int w = 8 + r.nextInt(20), h = 8 + r.nextInt(20);
        int nw = w + 1 + r.nextInt(3 * w), nh = h + 1 + r.nextInt(3 * h);
        double a = r.nextGaussian(), b = r.nextGaussian();
        float[] img = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y * w + x] = (float) (a * x + b * y);
            }
        }
        float[] out = BicubicResize.resize(img, 1, w, h, nw, nh);
        double sx = (double) w / nw, sy = (double) h / nh;
        for (int y = 0; y < nh; y++) {
            double srcY = (y + 0.5) * sy - 0.5;
            if (srcY < 2 || srcY > h - 3) {
                continue;
            }
            for (int x = 0; x < nw; x++) {
                double srcX = (x + 0.5) * sx - 0.5;
                if (srcX < 2 || srcX > w - 3) {
                    continue;
                }
                assertEquals(a * srcX + b * srcY, out[y * nw + x], 1e-4 * (1 + Math.abs(a) * w + Math.abs(b) * h), "seed " + seed + " at " + x + "," + y);
            }
        }
    }

    @Test
    void pillowEdgeTapsAndAntiAliasing() {
        // 2 -> 4: centre 0.25, taps at 0 and 1 with K(0.25) and K(1.25), renormalised (Pillow's edge handling)
        double k0 = BicubicResize.cubic(0.25), k1 = BicubicResize.cubic(1.25);
        assertEquals(0.8671875, k0, 0);
        assertEquals(-0.0703125, k1, 0);
        float[] up = BicubicResize.resize(new float[] {0, 1}, 1, 2, 1, 4, 1);
        assertEquals(k1 / (k0 + k1), up[0], 1e-7);
        assertEquals(1 - k1 / (k0 + k1), up[3], 1e-7);
        // downsampling widens the kernel: a +-1 checkerboard averages out in the interior
        int n = 64;
        float[] cb = new float[n * n];
        for (int i = 0; i < cb.length; i++) {
            cb[i] = ((i % n) + (i / n)) % 2 == 0 ? 1f : 0f;
        }
        float[] down = BicubicResize.resize(cb, 1, n, n, 16, 16);
        for (int y = 2; y < 14; y++) {
            for (int x = 2; x < 14; x++) {
                assertEquals(0.5, down[y * 16 + x], 0.02, "at " + x + "," + y);
            }
        }
    }

    @Test
    void sameSizeIsACopyAndBadInputIsRejected() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = BicubicResize.resize(a, 2, 3, 1, 3, 1);
        assertArrayEquals(a, b);
        assertNotSame(a, b);
        FaceImage img = FaceImage.of(2, 2, new float[12]);
        assertEquals(5, BicubicResize.resize(img, 5, 3).width());
        assertThrows(InvalidInputException.class, () -> BicubicResize.resize(a, 2, 3, 2, 3, 1));
        assertThrows(InvalidInputException.class, () -> BicubicResize.resize(a, 2, 3, 1, 0, 1));
        assertThrows(InvalidInputException.class, () -> BicubicResize.resize((FaceImage) null, 1, 1));
    }

    /**
     * PIL parity against bicubic_fixture.json (written from Pillow by the Python side): "input" is
     * [channel][row][column]; "down" and "up" hold "width", "height" and Pillow's 'F'-mode "output".
     */
    @Test
    void matchesThePillowFixture() {
        String text = TestData.resource("bicubic_fixture.json").orElse(null);
        Assumptions.assumeTrue(text != null, "bicubic_fixture.json not in src/test/resources/dev/asffnet/geometry: "
                + "PIL parity not checked (properties only)");
        Map<String, Object> root = Json.obj(Json.parse(text));
        Object in = root.get("input");
        int[] shape = FixtureKeys.shape(in);
        assertEquals(3, shape.length, "input must be [channel][row][column]");
        double tol = Math.min(1e-4, ((Number) root.getOrDefault("tolerance", 1e-4)).doubleValue());
        int checked = 0;
        for (String key : List.of("down", "up")) {
            Map<String, Object> c = Json.obj(root.get(key));
            int nw = ((Number) c.get("width")).intValue();
            int nh = ((Number) c.get("height")).intValue();
            float[] out = BicubicResize.resize(FixtureKeys.floats(in), shape[0], shape[2], shape[1], nw, nh);
            double[] want = Json.flat(c.get("output"));
            assertEquals(want.length, out.length, key + " size");
            for (int k = 0; k < out.length; k++) {
                assertEquals(want[k], out[k], tol, key + " value " + k + " (channel " + k / (nw * nh) + ")");
            }
            checked++;
        }
        assertEquals(2, checked);
    }
}
