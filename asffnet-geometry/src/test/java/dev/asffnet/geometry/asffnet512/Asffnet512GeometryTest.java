package dev.asffnet.geometry.asffnet512;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import dev.asffnet.api.WarpField;
import dev.asffnet.formats.pth.Npy;
import dev.asffnet.geometry.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The released ASFFNet512 geometry against the authors' own outputs in ../shared/fixtures/asffnet512. */
class Asffnet512GeometryTest {
    private static Path fixture(String rel) {
        Path f = TestData.shared("fixtures/asffnet512/" + rel).orElse(null);
        Assumptions.assumeTrue(f != null, "shared/fixtures/asffnet512/" + rel + " not found; skipped");
        return f;
    }

    private static Landmarks landmarks(String rel) {
        return Landmarks.of(Npy.readDoubles(fixture(rel)));
    }

    @Test
    void mlsGridEqualsTheAuthorsGridAt512And256() {
        for (String dir : new String[] {"", "s256/"}) {
            Landmarks lq = landmarks(dir + "lq_landmarks.npy");
            Landmarks ref = landmarks(dir + "ref_landmarks.npy");
            double[] expected = Npy.readDoubles(fixture(dir + "grid.npy"));
            int g = (int) Math.round(Math.sqrt(expected.length / 2.0));
            float[] grid = AuthorsMls.normalizedGrid(lq, ref, g, g);
            double max = 0;
            for (int i = 0; i < grid.length; i++) {
                max = Math.max(max, Math.abs(grid[i] - expected[i]));
            }
            assertTrue(max <= 1e-6, dir + "grid max abs diff " + max);
            if (dir.isEmpty()) {
                double[] px = Npy.readDoubles(fixture("grid_pixels_f64.npy"));
                double[] mine = AuthorsMls.pixelGrid(lq, ref, g, g);
                double maxPx = 0;
                for (int i = 0; i < px.length; i++) {
                    maxPx = Math.max(maxPx, Math.abs(mine[i] - px[i]));
                }
                assertTrue(maxPx <= 1e-9, "float64 pixel grid max abs diff " + maxPx);
            }
        }
    }

    @Test
    void landmarkSquaresEqualTheAuthorsMaskExactly() {
        float[] mask = AuthorsMlsTestSupport.floats(Npy.readDoubles(fixture("mask.npy")));
        float[] mine = LandmarkSquares.draw(landmarks("lq_landmarks.npy"), 512);
        assertArrayEquals(mask, mine);
        float ones = 0;
        for (float v : mine) {
            ones += v;
        }
        assertEquals(1824, ones);
        float[] mask256 = AuthorsMlsTestSupport.floats(Npy.readDoubles(fixture("s256/mask.npy")));
        assertArrayEquals(mask256, LandmarkSquares.draw(landmarks("s256/lq_landmarks.npy"), 256));
    }

    @Test
    void squaresFollowTheReleasedSliceRules() {
        double[] xy = new double[136];
        java.util.Arrays.fill(xy, 100);
        xy[2 * 17] = 2.5;                       // 1 < x < 3: negative slice start, dropped whole
        xy[2 * 18] = 510.5;                     // beyond S - 2: skipped
        xy[2 * 19] = 508.5;                     // cut off at the right edge: columns 505..511
        xy[2 * 19 + 1] = 50;                    // integer row: rows 47..52
        float[] m = LandmarkSquares.draw(Landmarks.of(xy), 512);
        assertEquals(0f, m[100 * 512 + 0]);
        assertEquals(1f, m[47 * 512 + 505]);
        assertEquals(1f, m[52 * 512 + 511]);
        assertEquals(0f, m[53 * 512 + 511]);
        assertEquals(0f, m[46 * 512 + 505]);
        assertEquals(0f, m[50 * 512 + 504]);
    }

    @Test
    void selectionScoreOfTheFixtureReference() {
        Landmarks lq = landmarks("lq_landmarks.npy");
        Landmarks o7 = landmarks("ref_landmarks.npy");
        assertEquals(47.50816660321446, TwoGroupSelector.score(lq, o7), 1e-9);   // selection.json, o7
        // a candidate with a moved mouth scores worse; identical landmarks score 0 and are chosen
        Landmarks moved = o7.transformed(1, 0, 0, 0, 1, 0);
        double[] xy = moved.toArray();
        xy[2 * 60] += 6;
        Selection s = new TwoGroupSelector().select(lq, List.of(Landmarks.of(xy), o7, lq));
        assertEquals(2, s.index());
        assertTrue(s.squaredDistances()[0] > s.squaredDistances()[1]);
        assertEquals(0, s.squaredDistances()[2], 1e-9);
    }

    @Test
    void alignerSamplesWhereGridSampleReads() {
        Landmarks lq = landmarks("lq_landmarks.npy");
        Landmarks ref = landmarks("ref_landmarks.npy");
        double[] px = AuthorsMls.pixelGrid(lq, ref, 128, 128);
        double f = 0.25;
        double o = 0.5 * f - 0.5;
        WarpField w = new AuthorsMls().align(lq.transformed(f, 0, o, 0, f, o), ref.transformed(f, 0, o, 0, f, o), 128, 128);
        assertEquals(px[128 * 128 + 5 * 128 + 7] - 0.5, w.sourceX(7, 5), 1e-9);
        assertEquals(px[5 * 128 + 7] - 0.5, w.sourceY(7, 5), 1e-9);
    }
}
