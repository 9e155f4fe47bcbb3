package dev.asffnet.api;

import java.util.List;

/**
 * A restored photo: the input with every found face restored and pasted back with a feathered mask, at the
 * input's size, and one report per face.
 *
 * @param image the restored photo, same width and height as the input
 * @param faces one report per restored face, in detection order (best score first)
 */
public record PhotoResult(FaceImage image, List<FaceReport> faces) {
    /**
     * Checks that no component is null and copies the face list.
     *
     * @param image the restored photo
     * @param faces one report per restored face (copied)
     * @throws InvalidInputException if a component is null
     */
    public PhotoResult {
        if (image == null || faces == null) {
            throw new InvalidInputException("photo result needs an image and a face list");
        }
        faces = List.copyOf(faces);
    }
}
