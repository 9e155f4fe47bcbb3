package dev.asffnet.api;

import java.util.List;

/** Finds faces in a photo; an empty list means no face. Thread-safe, owns native resources. */
public interface FaceDetector extends AutoCloseable {
    /**
     * Detects the faces in a photo.
     *
     * @param photo the photo to search
     * @return the faces sorted by descending score; empty if there is none
     */
    List<FaceBox> detect(FaceImage photo);

    @Override
    void close();
}
