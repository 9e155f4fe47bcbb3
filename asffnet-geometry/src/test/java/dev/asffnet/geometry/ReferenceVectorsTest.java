package dev.asffnet.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Selection;
import dev.asffnet.formats.Json;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.selection.AffineDistance;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cross-check against the independent float64 reference ../shared/reference/geometry_vectors.json. */
class ReferenceVectorsTest {
    private static List<Object> cases;

    @BeforeAll
    static void load() throws IOException {
        Path f = TestData.shared("reference/geometry_vectors.json").orElse(null);
        Assumptions.assumeTrue(f != null, "shared/reference/geometry_vectors.json not found above "
                + Path.of("").toAbsolutePath() + ": skipping the reference cross-check");
        cases = Json.list(Json.obj(Json.parse(Files.readString(f))).get("cases"));
        assertEquals(40, cases.size());
    }

    private static Landmarks lm(Object o) {
        return Landmarks.of(Json.flat(o));
    }

    private static void close(double actual, double expected, double scale, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-6 * Math.max(Math.abs(expected), scale),
                what + ": " + actual + " vs reference " + expected);
    }

    @Test
    void affineFitDistancesArgminAndMlsMatchTheReference() {
        for (int c = 0; c < cases.size(); c++) {
            Map<String, Object> k = Json.obj(cases.get(c));
            Landmarks d = lm(k.get("degraded"));
            List<Landmarks> ex = new ArrayList<>();
            for (Object e : Json.list(k.get("exemplars"))) {
                ex.add(lm(e));
            }
            double[] w = Json.flat(k.get("weights"));
            double[] a = Json.flat(k.get("affine0"));
            double[][] fit = AffineDistance.fit(d, ex.get(0), w);
            for (int i = 0; i < 6; i++) {
                // translations are compared at the coordinate scale (~100 px), linear terms at 1
                close(fit[i / 3][i % 3], a[i], i % 3 == 2 ? 100 : 1, "case " + c + " affine0[" + i + "]");
            }
            double[] d2 = Json.flat(k.get("dist2"));
            Selection s = new AffineDistanceSelector(LandmarkWeights.of(w)).select(d, ex);
            for (int e = 0; e < d2.length; e++) {
                close(s.squaredDistances()[e], d2[e], 0, "case " + c + " dist2[" + e + "]");
                close(AffineDistance.squared(d, ex.get(e), w), d2[e], 0, "case " + c + " squared[" + e + "]");
            }
            assertEquals(((Number) k.get("argmin")).intValue(), s.index(), "case " + c + " argmin");
            double[] pts = Json.flat(k.get("mls_points"));
            double[] mapped = Json.flat(k.get("mls_mapped"));
            MlsAligner mls = new MlsAligner();
            for (int p = 0; p < pts.length / 2; p++) {
                double[] m = mls.map(d, ex.get(0), pts[2 * p], pts[2 * p + 1]);
                close(m[0], mapped[2 * p], 100, "case " + c + " mls x " + p);
                close(m[1], mapped[2 * p + 1], 100, "case " + c + " mls y " + p);
            }
        }
    }
}
