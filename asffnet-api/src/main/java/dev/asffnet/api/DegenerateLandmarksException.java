package dev.asffnet.api;

/**
 * Landmarks whose geometry makes a least-squares system singular (all points coincident or collinear),
 * so no affine fit (Eqn 3) or MLS map (Eqn 5) exists.
 */
public class DegenerateLandmarksException extends InvalidLandmarksException {
    /**
     * @param message the detail message
     */
    public DegenerateLandmarksException(String message) {
        super(message);
    }
}
