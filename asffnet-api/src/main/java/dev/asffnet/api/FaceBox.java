package dev.asffnet.api;

/** An axis-aligned face box in pixels (top-left x, y, width, height) with the detector's score in [0,1]. */
public record FaceBox(double x, double y, double width, double height, double score) {
    /**
     * Intersection over union of the two boxes' areas (scores ignored).
     *
     * @param other another box in the same pixels
     * @return the overlap in [0, 1]; 0 when either box is empty
     */
    public double iou(FaceBox other) {
        double iw = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double ih = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double inter = iw * ih;
        double union = width * height + other.width * other.height - inter;
        return union > 0 ? inter / union : 0;
    }
}
