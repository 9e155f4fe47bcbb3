package dev.asffnet.api;

/**
 * A face image with its 68 landmarks: a high-quality exemplar I^g_k with L^g_k, or the degraded input
 * I^d with L^d.
 */
public record Exemplar(FaceImage image, Landmarks landmarks) {
    public Exemplar {
        if (image == null) {
            throw new InvalidInputException("exemplar image is null");
        }
        if (landmarks == null) {
            throw new InvalidLandmarksException("exemplar landmarks are null: detect them first (LandmarkDetector)");
        }
    }
}
