package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LandmarksTest {
    private static double[] grid() {
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {
            xy[2 * i] = i % 10;
            xy[2 * i + 1] = i / 10;
        }
        return xy;
    }

    @Test
    void rejectsWrongCountNamingTheCount() {
        InvalidLandmarksException e = assertThrows(InvalidLandmarksException.class, () -> Landmarks.of(new double[134]));
        assertTrue(e.getMessage().contains("134"), e.getMessage());
        assertThrows(InvalidLandmarksException.class, () -> Landmarks.of((double[]) null));
        assertThrows(IllegalArgumentException.class, () -> Landmarks.of(new float[10]));
    }

    @Test
    void rejectsNonFiniteNamingTheLandmark() {
        double[] xy = grid();
        xy[2 * 30 + 1] = Double.NaN;
        InvalidLandmarksException e = assertThrows(InvalidLandmarksException.class, () -> Landmarks.of(xy));
        assertTrue(e.getMessage().contains("landmark 30") && e.getMessage().contains("y"), e.getMessage());
        xy[2 * 30 + 1] = Double.POSITIVE_INFINITY;
        assertThrows(InvalidLandmarksException.class, () -> Landmarks.of(xy));
    }

    @Test
    void normalisedErrorIsTheMeanPointDistanceOverTheOuterEyeCornerDistance() {
        Landmarks ref = Landmarks.of(grid());
        double iod = Math.hypot(ref.x(45) - ref.x(36), ref.y(45) - ref.y(36));
        assertEquals(0, ref.normalisedError(ref), 0);
        assertEquals(3.0 / iod, ref.transformed(1, 0, 3, 0, 1, 0).normalisedError(ref), 1e-12, "every point 3 px away");
        double[] one = grid();
        one[2 * 7] += 68;                                   // one point 68 px away: mean 1 px
        assertEquals(1.0 / iod, Landmarks.of(one).normalisedError(ref), 1e-12);
        double[] flat = grid();
        flat[2 * 45] = flat[2 * 36];
        flat[2 * 45 + 1] = flat[2 * 36 + 1];
        assertThrows(IllegalArgumentException.class, () -> ref.normalisedError(Landmarks.of(flat)));
    }

    @Test
    void centroidOfARange() {
        Landmarks l = Landmarks.of(grid());
        double[] c = l.centroid(10, 13); // points (0,1), (1,1), (2,1)
        assertEquals(1.0, c[0], 1e-12);
        assertEquals(1.0, c[1], 1e-12);
        assertThrows(InvalidInputException.class, () -> l.centroid(5, 5));
        assertThrows(InvalidInputException.class, () -> l.centroid(60, 69));
    }

    @Test
    void isImmutableAndTransforms() {
        double[] xy = grid();
        Landmarks l = Landmarks.of(xy);
        xy[0] = 99;
        assertEquals(0, l.x(0));
        double[] copy = l.toArray();
        copy[0] = 42;
        assertEquals(0, l.x(0));
        Landmarks t = l.transformed(2, 0, 1, 0, 3, -1);
        assertEquals(2 * 7 + 1, t.x(67), 0);
        assertEquals(3 * 6 - 1, t.y(67), 0);
        assertEquals(l.scaled(2).x(5), 10, 0);
        assertEquals(l, Landmarks.of(grid()));
        assertNotEquals(l, t);
    }
}
