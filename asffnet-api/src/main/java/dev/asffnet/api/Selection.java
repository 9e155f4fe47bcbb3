package dev.asffnet.api;

/**
 * Result of guidance selection (Eqn 2): the index k* of the chosen candidate and the weighted squared
 * affine distance of every candidate.
 */
public record Selection(int index, double[] squaredDistances) {
    public Selection {
        squaredDistances = squaredDistances.clone();
    }

    @Override
    public double[] squaredDistances() {
        return squaredDistances.clone();
    }

    /** The distance of the chosen candidate. */
    public double bestDistance() {
        return squaredDistances[index];
    }
}
