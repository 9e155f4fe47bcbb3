package dev.asffnet.geometry.crop;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;

/**
 * The binary landmark map input of the network (conventions.md): for each of the 68 degraded landmarks the
 * 3x3 square centred on {@code (floor(x + 0.5), floor(y + 0.5))} is 1.0 on a 0.0 canvas; pixels outside
 * the image are skipped.
 */
public final class LandmarkMap {
    private LandmarkMap() {
    }

    /**
     * A row-major {@code height x width} map (one channel).
     *
     * @param landmarks the degraded face's landmarks in map pixels
     * @param width map width
     * @param height map height
     * @return the map, 1.0 around each landmark and 0.0 elsewhere
     * @throws InvalidInputException if a size is not positive
     */
    public static float[] draw(Landmarks landmarks, int width, int height) {
        Checks.landmarks(landmarks, "map");
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("landmark map size must be positive, got " + width + "x" + height);
        }
        float[] map = new float[width * height];
        for (int m = 0; m < Landmarks.COUNT; m++) {
            double cx = Math.floor(landmarks.x(m) + 0.5);
            double cy = Math.floor(landmarks.y(m) + 0.5);
            for (int dy = -1; dy <= 1; dy++) {
                double y = cy + dy;
                if (y < 0 || y >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    double x = cx + dx;
                    if (x >= 0 && x < width) {
                        map[(int) y * width + (int) x] = 1f;
                    }
                }
            }
        }
        return map;
    }

    /**
     * The 128x128 map of the default network.
     *
     * @param landmarks the landmarks in 128x128 crop pixels
     * @return the row-major map
     */
    public static float[] draw(Landmarks landmarks) {
        return draw(landmarks, 128, 128);
    }
}
