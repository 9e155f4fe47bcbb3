package dev.asffnet.api;

/** An axis-aligned face box in pixels (top-left x, y, width, height) with the detector's score in [0,1]. */
public record FaceBox(double x, double y, double width, double height, double score) {
}
