package dev.asffnet.geometry.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LandmarkMapTest {
    static LongStream seeds() {
        return TestData.seeds(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void setsExactlyTheRoundedThreeByThreeSquares(long seed) {
        Random r = new Random(seed);
        int w = 5 + r.nextInt(130), h = 5 + r.nextInt(130);
        Landmarks l = TestData.randomLandmarks(r, -3, Math.max(w, h) + 3);
        float[] map = LandmarkMap.draw(l, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = false;
                for (int m = 0; m < 68 && !on; m++) {
                    on = Math.abs(x - Math.floor(l.x(m) + 0.5)) <= 1 && Math.abs(y - Math.floor(l.y(m) + 0.5)) <= 1;
                }
                assertEquals(on ? 1f : 0f, map[y * w + x], 0f, "seed " + seed + " at " + x + "," + y);
            }
        }
    }

    @Test
    void halfPixelsRoundUpAndOutsideIsSkipped() {
        double[] xy = new double[136];
        for (int m = 0; m < 68; m++) {
            xy[2 * m] = -10;
            xy[2 * m + 1] = -10;
        }
        xy[0] = 2.5; // -> column 3
        xy[1] = -0.5; // -> row 0: rows -1 skipped
        float[] map = LandmarkMap.draw(Landmarks.of(xy), 6, 4);
        float sum = 0;
        for (float v : map) {
            sum += v;
        }
        assertEquals(6f, sum);
        assertEquals(1f, map[0 * 6 + 2]);
        assertEquals(1f, map[1 * 6 + 4]);
        assertEquals(0f, map[0 * 6 + 1]);
        assertEquals(128 * 128, LandmarkMap.draw(Landmarks.of(xy)).length);
        assertThrows(InvalidInputException.class, () -> LandmarkMap.draw(Landmarks.of(xy), 0, 3));
    }
}
