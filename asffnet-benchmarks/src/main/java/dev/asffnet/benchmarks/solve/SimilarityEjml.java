package dev.asffnet.benchmarks.solve;

import dev.asffnet.geometry.crop.SimilarityTransform;
import org.ejml.data.DMatrix3x3;
import org.ejml.dense.fixed.CommonOps_DDF3;

/**
 * {@link SimilarityTransform#inverse()} with EJML: the homogeneous 3x3 matrix
 * {@code [a -b tx; b a ty; 0 0 1]} inverted by {@code CommonOps_DDF3.invert}. The production code uses the
 * closed form of a similarity ({@code (a, b) / (a^2 + b^2)}, translation {@code -R^-1 t}).
 */
public final class SimilarityEjml {
    private SimilarityEjml() {
    }

    /**
     * The inverse similarity.
     *
     * @param s a similarity
     * @return its inverse
     */
    public static SimilarityTransform inverse(SimilarityTransform s) {
        DMatrix3x3 m = new DMatrix3x3(s.a(), -s.b(), s.tx(), s.b(), s.a(), s.ty(), 0, 0, 1);
        DMatrix3x3 inv = new DMatrix3x3();
        CommonOps_DDF3.invert(m, inv);
        return new SimilarityTransform(inv.a11, inv.a21, inv.a13, inv.a23);
    }
}
