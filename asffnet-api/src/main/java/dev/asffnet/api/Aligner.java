package dev.asffnet.api;

/** Computes the warp that aligns guidance content to the degraded face's geometry (MLS, Eqn 5). */
public interface Aligner {
    /**
     * Computes the warp field for one guidance face.
     *
     * @param degraded landmarks of the degraded face L^d (the target geometry)
     * @param guidance landmarks of the guidance face L^g (the source geometry)
     * @param width grid width in the same pixel units as the landmarks
     * @param height grid height
     * @return the warp field that moves guidance content onto the degraded face's geometry
     * @throws DegenerateLandmarksException if the landmarks admit no local affine map
     */
    WarpField align(Landmarks degraded, Landmarks guidance, int width, int height);
}
