package dev.asffnet.api;

/** Locates the 68 iBUG landmarks. Thread-safe, owns native resources. */
public interface LandmarkDetector extends AutoCloseable {
    /** Landmarks of the face filling {@code face} (a face crop), in its pixels. */
    Landmarks detect(FaceImage face);

    /** Landmarks of the face inside {@code box} of {@code photo}, in the photo's pixels. */
    Landmarks detect(FaceImage photo, FaceBox box);

    @Override
    void close();
}
