package dev.asffnet.api;

/**
 * One face of a restored photo ({@link Restorer#restorePhoto}).
 *
 * @param box where the face was found in the photo (for a face that fills the image, the whole image)
 * @param landmarks its 68 landmarks in the photo's pixels, as the restoration used them
 * @param result the restored face in the canonical frame, the chosen exemplar and its distance (Eqn 2)
 */
public record FaceReport(FaceBox box, Landmarks landmarks, RestoreResult result) {
    /**
     * Checks that no component is null.
     *
     * @param box where the face was found
     * @param landmarks its landmarks in the photo's pixels
     * @param result the restored face
     * @throws InvalidInputException if a component is null
     */
    public FaceReport {
        if (box == null || landmarks == null || result == null) {
            throw new InvalidInputException("face report needs a box, landmarks and a result");
        }
    }

    /** @return index of the chosen exemplar in the list given to the restorer */
    public int exemplarIndex() {
        return result.selection().index();
    }

    /** @return the chosen exemplar's weighted squared affine distance (Eqn 2) */
    public double distance() {
        return result.selection().bestDistance();
    }
}
