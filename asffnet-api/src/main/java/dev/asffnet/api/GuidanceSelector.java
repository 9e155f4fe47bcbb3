package dev.asffnet.api;

import java.util.List;

/** Chooses the guidance exemplar whose pose and expression best match the degraded face (Eqn 2). */
public interface GuidanceSelector {
    /**
     * Selects the exemplar closest to the degraded face.
     *
     * @param degraded landmarks L^d of the degraded face
     * @param candidates landmarks L^g_k of the exemplars
     * @return the index k* of the best exemplar and every candidate's distance
     * @throws InvalidInputException if {@code candidates} is null or empty
     * @throws DegenerateLandmarksException if a landmark set admits no affine fit
     */
    Selection select(Landmarks degraded, List<Landmarks> candidates);
}
