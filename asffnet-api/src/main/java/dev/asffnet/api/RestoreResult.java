package dev.asffnet.api;

/**
 * One restored face. The network works in a canonical aligned frame (FFHQ-style framing at its native
 * size); the result carries that frame's images and the map back to the caller's input.
 *
 * @param restored the restored face, canonical aligned crop at the model's native size, RGB in [0,1]
 * @param alignedDegraded the degraded input in the same canonical frame (what the network saw)
 * @param alignedGuidance the chosen exemplar I^g_{k*} in its own canonical frame
 * @param selection index k* of the chosen exemplar and every exemplar's squared affine distance (Eqn 2)
 * @param cropToInput where crop pixel (u,v) lies in the input image (exact, also when the crop was
 *     upsampled anisotropically from a small input)
 */
public record RestoreResult(FaceImage restored, FaceImage alignedDegraded, FaceImage alignedGuidance,
        Selection selection, Affine2D cropToInput) {
    /**
     * Checks that no component is null.
     *
     * @param restored the restored face
     * @param alignedDegraded the degraded input in the canonical frame
     * @param alignedGuidance the chosen exemplar in its canonical frame
     * @param selection the chosen exemplar and the distances
     * @param cropToInput the map from crop pixels to input pixels
     * @throws InvalidInputException if a component is null
     */
    public RestoreResult {
        if (restored == null || alignedDegraded == null || alignedGuidance == null || selection == null
                || cropToInput == null) {
            throw new InvalidInputException("restore result fields must not be null");
        }
    }
}
