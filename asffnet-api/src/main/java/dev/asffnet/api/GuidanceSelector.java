package dev.asffnet.api;

import java.util.List;

/** Chooses the guidance exemplar whose pose and expression best match the degraded face (Eqn 2). */
public interface GuidanceSelector {
    /**
     * @throws InvalidInputException if {@code candidates} is null or empty
     * @throws DegenerateLandmarksException if a landmark set admits no affine fit
     */
    Selection select(Landmarks degraded, List<Landmarks> candidates);
}
