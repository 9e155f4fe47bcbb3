package dev.asffnet.api;

/**
 * The restored face (same size and frame as the degraded input) and which exemplar guided it.
 *
 * @param restored restored RGB face
 * @param selection index of the chosen exemplar and the squared affine distance of every exemplar (Eqn 2)
 */
public record RestoreResult(FaceImage restored, Selection selection) {
}
