package dev.asffnet.api;

import java.util.List;

/** Finds faces in a photo; an empty list means no face. Thread-safe, owns native resources. */
public interface FaceDetector extends AutoCloseable {
    /** Faces sorted by descending score. */
    List<FaceBox> detect(FaceImage photo);

    @Override
    void close();
}
