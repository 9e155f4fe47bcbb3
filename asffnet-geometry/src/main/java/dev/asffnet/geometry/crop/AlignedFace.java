package dev.asffnet.geometry.crop;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;

/**
 * A canonical face crop (conventions.md, FFHQ framing) with its landmarks in crop pixels and the similarity
 * {@code photoToCrop} (its {@link SimilarityTransform#inverse()} maps crop pixels to photo pixels).
 */
public record AlignedFace(FaceImage crop, Landmarks landmarks, SimilarityTransform photoToCrop) {
    /** Crop pixels to photo pixels. */
    public SimilarityTransform cropToPhoto() {
        return photoToCrop.inverse();
    }
}
