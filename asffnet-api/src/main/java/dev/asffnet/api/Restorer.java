package dev.asffnet.api;

import java.util.List;

/**
 * Exemplar-guided face restoration (ASFFNet): selects the guidance exemplar (Eqn 2), aligns its features
 * by MLS (Eqn 5) and AdaIN (Eqn 7), fuses them with ASFF blocks (Eqn 8) and reconstructs the face.
 * Implementations are thread-safe and own native resources: close them.
 */
public interface Restorer extends AutoCloseable {
    /**
     * Restores a degraded face crop using exemplars of the same person.
     *
     * @param degraded the degraded face and its 68 landmarks, in the crop's own pixels
     * @param exemplars high-quality photos of the same person with their landmarks; at least one
     * @return the restored face, the chosen exemplar and the map back to the crop
     * @throws InvalidInputException for an empty exemplar list, null elements or unusable landmarks
     */
    RestoreResult restore(Exemplar degraded, List<Exemplar> exemplars);

    /**
     * Restores a degraded face crop, detecting its landmarks first.
     *
     * @param degraded the degraded face crop
     * @param exemplars high-quality photos of the same person with their landmarks; at least one
     * @return the restored face, the chosen exemplar and the map back to the crop
     * @throws UnsupportedOperationException if this restorer was built without a landmark detector
     * @throws NoFaceFoundException if no landmarks can be found
     */
    default RestoreResult restore(FaceImage degraded, List<Exemplar> exemplars) {
        throw new UnsupportedOperationException(
                "this restorer has no landmark detector; pass landmarks with restore(Exemplar, List)");
    }

    /**
     * Restores a whole photo: finds every face, restores each with the exemplars, and pastes the results
     * back with a feathered mask. A face crop is a photo with one large face. The result always has the
     * input's width and height.
     *
     * @param photo the degraded photo or face crop
     * @param exemplars high-quality photos of the same person with their landmarks; at least one
     * @return the restored photo and one report per face
     * @throws UnsupportedOperationException if this restorer was built without a face front end
     * @throws NoFaceFoundException if no face can be found
     */
    default PhotoResult restorePhoto(FaceImage photo, List<Exemplar> exemplars) {
        throw new UnsupportedOperationException(
                "this restorer has no face front end; restore crops with restore(Exemplar, List)");
    }

    /**
     * Restores a whole photo in face boxes found elsewhere (the caller's own detector, or a tracker that
     * follows the faces of a frame sequence), exactly as {@link #restorePhoto(FaceImage, List)} does after its
     * own detection: the landmarks of each box, restoration, paste-back. Boxes whose landmarks are implausible
     * are left alone; with no box (or none left) the whole image is the box.
     *
     * @param photo the degraded photo or face crop
     * @param faces face boxes in the photo's pixels, best first, as a {@link FaceDetector} returns them
     * @param exemplars high-quality photos of the same person with their landmarks; at least one
     * @return the restored photo and one report per face
     * @throws UnsupportedOperationException if this restorer was built without a face front end
     * @throws NoFaceFoundException if no face can be found
     */
    default PhotoResult restorePhoto(FaceImage photo, List<FaceBox> faces, List<Exemplar> exemplars) {
        throw new UnsupportedOperationException(
                "this restorer has no face front end; restore crops with restore(Exemplar, List)");
    }

    /**
     * Restores several faces; the default runs them one by one, backends may batch.
     *
     * @param degraded the degraded faces with their landmarks
     * @param exemplars the exemplars used for every face
     * @return one result per degraded face, in order
     */
    default List<RestoreResult> restoreAll(List<Exemplar> degraded, List<Exemplar> exemplars) {
        if (degraded == null) {
            throw new InvalidInputException("degraded face list is null");
        }
        return degraded.stream().map(d -> restore(d, exemplars)).toList();
    }

    /**
     * Reduces an exemplar to what this restorer reads from it, so that large photos need not stay in
     * memory: call it once per exemplar after loading and keep the result instead of the original.
     * Restoring with the prepared exemplar gives the same result (to float rounding). The default returns
     * the exemplar unchanged.
     *
     * @param exemplar a high-quality photo with its landmarks
     * @return an exemplar holding at most the region around the face at the scale the model needs
     * @throws InvalidInputException if {@code exemplar} is null
     * @throws InvalidLandmarksException if its landmarks lie off the image or describe a face too small
     */
    default Exemplar prepare(Exemplar exemplar) {
        if (exemplar == null) {
            throw new InvalidInputException("exemplar is null");
        }
        return exemplar;
    }

    /**
     * Identifies what {@link #prepare} produces: two restorers with the same id prepare every exemplar
     * alike, so a cache of prepared exemplars (such as an album's) may be keyed by it. Empty (the default):
     * do not cache prepared exemplars.
     *
     * @return the preparation's id, or empty
     */
    default java.util.Optional<String> preparationId() {
        return java.util.Optional.empty();
    }

    /**
     * Name of the backend ({@code onnx}, {@code tf}).
     *
     * @return the backend name
     */
    String backend();

    @Override
    void close();
}
