package dev.asffnet.geometry.crop;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;

/**
 * A canonical face crop (conventions.md, FFHQ framing) with its landmarks in crop pixels and the similarity
 * {@code photoToCrop} (its {@link SimilarityTransform#inverse()} maps crop pixels to photo pixels).
 *
 * @param crop the canonical crop
 * @param landmarks the face's landmarks in crop pixels
 * @param photoToCrop the similarity from photo pixels to crop pixels
 */
public record AlignedFace(FaceImage crop, Landmarks landmarks, SimilarityTransform photoToCrop) {
    /**
     * Crop pixels to photo pixels.
     *
     * @return the inverse of {@code photoToCrop}
     */
    public SimilarityTransform cropToPhoto() {
        return photoToCrop.inverse();
    }
}
