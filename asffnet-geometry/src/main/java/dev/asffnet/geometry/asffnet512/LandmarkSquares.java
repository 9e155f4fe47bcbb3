package dev.asffnet.geometry.asffnet512;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;

/**
 * The landmark map of the released ASFFNet512 (notes section 7.4): on an {@code S x S} zero canvas, each
 * landmark 17..67 with {@code 1 < x < S - 2} and {@code 1 < y < S - 2} sets rows {@code floor(y) - 3 ..
 * ceil(y) + 2} and columns {@code floor(x) - 3 .. ceil(x) + 2} to 1 (6x6 at integer points, 7x7 otherwise).
 * As in the release, a square whose first row or column would be negative is dropped whole (a negative
 * slice start), and squares are cut off at the bottom and right edges.
 */
public final class LandmarkSquares {
    private LandmarkSquares() {
    }

    /**
     * Draws the map.
     *
     * @param landmarks the 68 landmarks in the map's pixels
     * @param size the map's width and height
     * @return the row-major {@code size x size} map of zeros and ones
     * @throws InvalidInputException if {@code landmarks} is null or {@code size < 1}
     */
    public static float[] draw(Landmarks landmarks, int size) {
        if (landmarks == null || size < 1) {
            throw new InvalidInputException("landmark squares need landmarks and a positive size");
        }
        float[] map = new float[size * size];
        for (int m = AuthorsMls.FIRST; m <= AuthorsMls.LAST; m++) {
            double x = landmarks.x(m);
            double y = landmarks.y(m);
            if (!(x > 1 && x < size - 2 && y > 1 && y < size - 2)) {
                continue;
            }
            int r0 = (int) Math.floor(y) - 3, r1 = Math.min(size, (int) Math.ceil(y) + 3);
            int c0 = (int) Math.floor(x) - 3, c1 = Math.min(size, (int) Math.ceil(x) + 3);
            if (r0 < 0 || c0 < 0) {
                continue;
            }
            for (int r = r0; r < r1; r++) {
                for (int c = c0; c < c1; c++) {
                    map[r * size + c] = 1f;
                }
            }
        }
        return map;
    }
}
