package dev.asffnet.api;

/**
 * A face image with its 68 landmarks: a high-quality exemplar I^g_k with L^g_k, or the degraded input
 * I^d with L^d.
 *
 * @param image the face image (not null)
 * @param landmarks its 68 landmarks in the image's pixel coordinates (not null)
 * @param source where the image came from (a file name, a URL), named in error messages; null when unknown
 */
public record Exemplar(FaceImage image, Landmarks landmarks, String source) {
    /**
     * Checks that neither the image nor the landmarks are null.
     *
     * @param image the face image
     * @param landmarks its landmarks
     * @param source where the image came from, or null
     * @throws InvalidInputException if {@code image} is null
     * @throws InvalidLandmarksException if {@code landmarks} is null
     */
    public Exemplar {
        if (image == null) {
            throw new InvalidInputException("exemplar image" + (source != null ? " of " + source : "") + " is null");
        }
        if (landmarks == null) {
            throw new InvalidLandmarksException("exemplar landmarks" + (source != null ? " of " + source : "")
                    + " are null: detect them first (LandmarkDetector)");
        }
    }

    /**
     * An exemplar of unknown source.
     *
     * @param image the face image
     * @param landmarks its landmarks
     * @throws InvalidInputException if {@code image} is null
     * @throws InvalidLandmarksException if {@code landmarks} is null
     */
    public Exemplar(FaceImage image, Landmarks landmarks) {
        this(image, landmarks, null);
    }

    /**
     * This exemplar with its source named, so that errors about it name the file.
     *
     * @param name the file name or other description of where the image came from
     * @return a copy with {@code source = name}
     */
    public Exemplar withSource(String name) {
        return new Exemplar(image, landmarks, name);
    }

    /**
     * How errors refer to this exemplar: its source, or {@code fallback} (such as "exemplar 3") when unknown.
     *
     * @param fallback the description used when the source is unknown
     * @return the source if known, else {@code fallback}
     */
    public String describe(String fallback) {
        return source != null ? fallback + " (" + source + ")" : fallback;
    }
}
