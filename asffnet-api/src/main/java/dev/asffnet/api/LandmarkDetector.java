package dev.asffnet.api;

/** Locates the 68 iBUG landmarks. Thread-safe, owns native resources. */
public interface LandmarkDetector extends AutoCloseable {
    /**
     * Landmarks of the face filling {@code face} (a face crop), in its pixels.
     *
     * @param face a face crop that the face fills
     * @return the 68 landmarks in the crop's pixels
     */
    Landmarks detect(FaceImage face);

    /**
     * Landmarks of the face inside {@code box} of {@code photo}, in the photo's pixels.
     *
     * @param photo the photo
     * @param box a face box found in {@code photo}
     * @return the 68 landmarks in the photo's pixels
     */
    Landmarks detect(FaceImage photo, FaceBox box);

    /**
     * How sure the detector is that {@code landmarks} are those of a face in {@code box}, in [0, 1]; the
     * default is the box's detector score.
     *
     * @param photo the photo
     * @param box the box the landmarks were found in
     * @param landmarks the landmarks
     * @return the confidence
     */
    default double confidence(FaceImage photo, FaceBox box, Landmarks landmarks) {
        return box.score();
    }

    @Override
    void close();
}
