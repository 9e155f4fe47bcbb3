package dev.asffnet.api;

/**
 * A face image with its 68 landmarks: a high-quality exemplar I^g_k with L^g_k, or the degraded input
 * I^d with L^d.
 *
 * @param image the face image (not null)
 * @param landmarks its 68 landmarks in the image's pixel coordinates (not null)
 */
public record Exemplar(FaceImage image, Landmarks landmarks) {
    /**
     * Checks that neither component is null.
     *
     * @param image the face image
     * @param landmarks its landmarks
     * @throws InvalidInputException if {@code image} is null
     * @throws InvalidLandmarksException if {@code landmarks} is null
     */
    public Exemplar {
        if (image == null) {
            throw new InvalidInputException("exemplar image is null");
        }
        if (landmarks == null) {
            throw new InvalidLandmarksException("exemplar landmarks are null: detect them first (LandmarkDetector)");
        }
    }
}
