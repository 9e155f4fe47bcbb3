package dev.asffnet.api;

/**
 * Result of guidance selection (Eqn 2): the index k* of the chosen candidate and the weighted squared
 * affine distance of every candidate.
 *
 * @param index the index k* of the chosen candidate
 * @param squaredDistances the weighted squared affine distance of every candidate, in candidate order
 */
public record Selection(int index, double[] squaredDistances) {
    /**
     * Copies the distances.
     *
     * @param index the index of the chosen candidate
     * @param squaredDistances every candidate's distance (copied)
     */
    public Selection {
        squaredDistances = squaredDistances.clone();
    }

    /**
     * The weighted squared affine distance of every candidate.
     *
     * @return a copy of every candidate's distance
     */
    @Override
    public double[] squaredDistances() {
        return squaredDistances.clone();
    }

    /**
     * The distance of the chosen candidate.
     *
     * @return {@code squaredDistances()[index()]}
     */
    public double bestDistance() {
        return squaredDistances[index];
    }
}
