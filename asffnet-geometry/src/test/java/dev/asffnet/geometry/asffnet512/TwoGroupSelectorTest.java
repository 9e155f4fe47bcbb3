package dev.asffnet.geometry.asffnet512;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The two-group score (the authors' form of Eqns 2-3): affine invariance, conditioning, degeneracy. */
class TwoGroupSelectorTest {
    static java.util.stream.LongStream seeds() {
        return TestData.seeds(20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anAffineImageScoresZeroAtAnyPixelOffset(long seed) {
        Random r = new Random(seed);
        Landmarks face = TestData.randomLandmarks(r, 0, 300);
        double offset = 5000 * r.nextDouble();
        Landmarks candidate = face.transformed(1, 0, offset, 0, 1, offset);
        Landmarks degraded = TestData.affine(face, TestData.randomAffine(r, 100));
        // the group-wise affine fit is exact: only rounding remains, relative to the coordinates (< 5,300 px)
        assertEquals(0, TwoGroupSelector.score(degraded, candidate), 1e-12 * (offset + 300),
                "seed " + seed + ", offset " + offset);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aCollinearGroupIsRefused(long seed) {
        Random r = new Random(seed);
        double[] xy = TestData.randomLandmarks(r, 50, 450).toArray();
        double dx = r.nextDouble() - 0.5;
        double dy = r.nextDouble() - 0.5;
        for (int m = 48; m < 68; m++) { // the mouth group on one line
            double t = 200 * r.nextDouble();
            xy[2 * m] = 250 + t * dx;
            xy[2 * m + 1] = 250 + t * dy;
        }
        Landmarks degraded = TestData.randomLandmarks(r, 50, 450);
        assertThrows(DegenerateLandmarksException.class, () -> TwoGroupSelector.score(degraded, Landmarks.of(xy)),
                "seed " + seed);
    }
}
