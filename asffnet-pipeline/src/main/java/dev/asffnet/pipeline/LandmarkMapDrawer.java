package dev.asffnet.pipeline;

import dev.asffnet.api.Landmarks;

/**
 * Draws a model's landmark-map input from the degraded face's landmarks in canonical-crop pixels: the
 * default model's 3x3 dots ({@link dev.asffnet.geometry.crop.LandmarkMap}) or the released ASFFNet512's
 * squares ({@link dev.asffnet.geometry.asffnet512.LandmarkSquares}).
 */
@FunctionalInterface
public interface LandmarkMapDrawer {
    /**
     * Draws the map.
     *
     * @param crop the degraded face's 68 landmarks in canonical-crop pixels
     * @param size the map's width and height
     * @return the row-major {@code size x size} map
     */
    float[] draw(Landmarks crop, int size);
}
