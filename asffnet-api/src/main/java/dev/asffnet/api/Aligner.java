package dev.asffnet.api;

/** Computes the warp that aligns guidance content to the degraded face's geometry (MLS, Eqn 5). */
public interface Aligner {
    /**
     * @param width grid width in the same pixel units as the landmarks
     * @param height grid height
     * @throws DegenerateLandmarksException if the landmarks admit no local affine map
     */
    WarpField align(Landmarks degraded, Landmarks guidance, int width, int height);
}
