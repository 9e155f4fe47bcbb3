package dev.asffnet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.benchmarks.solve.MlsSolve;
import dev.asffnet.benchmarks.solve.WlsQuery;
import dev.asffnet.formats.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Both variants of the Eqn 2, 3 and 5 solves against the independent float64 reference
 * ../shared/reference/geometry_vectors.json, to 1e-11 of each quantity's scale.
 */
class ReferenceVectorsTest {
    private static final double TOL = 1e-11;

    private static Optional<Path> shared(String rel) {
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
            Path f = p.resolve("shared").resolve(rel);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static void close(double actual, double expected, double scale, String what) {
        assertTrue(Math.abs(actual - expected) <= TOL * Math.max(Math.abs(expected), scale),
                what + ": " + actual + " vs reference " + expected);
    }

    @Test
    void handAndEjmlSolvesMatchTheReference() throws IOException {
        Path f = shared("reference/geometry_vectors.json").orElse(null);
        Assumptions.assumeTrue(f != null, "shared/reference/geometry_vectors.json not found above "
                + Path.of("").toAbsolutePath() + ": skipping the reference cross-check");
        List<Object> cases = Json.list(Json.obj(Json.parse(Files.readString(f))).get("cases"));
        assertEquals(40, cases.size());
        for (int c = 0; c < cases.size(); c++) {
            Map<String, Object> k = Json.obj(cases.get(c));
            Landmarks d = Landmarks.of(Json.flat(k.get("degraded")));
            List<Object> ex = Json.list(k.get("exemplars"));
            WlsQuery q = new WlsQuery(d, Json.flat(k.get("weights")));
            double[] d2 = Json.flat(k.get("dist2"));
            double[] mom = new double[WlsQuery.MOMENTS];
            for (int e = 0; e < d2.length; e++) {
                q.moments(Json.flat(ex.get(e)), 0, mom);
                close(q.distanceHand(mom), d2[e], 0, "case " + c + " hand dist2[" + e + "]");
                close(q.distanceEjml(mom), d2[e], 0, "case " + c + " EJML dist2[" + e + "]");
            }
            double[] a = Json.flat(k.get("affine0"));
            q.moments(Json.flat(ex.get(0)), 0, mom);
            double[][] hand = q.fitHand(mom);
            double[][] ejml = q.fitEjml(mom);
            for (int i = 0; i < 6; i++) {
                double scale = i % 3 == 2 ? 100 : 1;
                close(hand[i / 3][i % 3], a[i], scale, "case " + c + " hand affine0[" + i + "]");
                close(ejml[i / 3][i % 3], a[i], scale, "case " + c + " EJML affine0[" + i + "]");
            }
            double[] pts = Json.flat(k.get("mls_points"));
            double[] mapped = Json.flat(k.get("mls_mapped"));
            int n = pts.length / 2;
            double[] px = new double[n];
            double[] py = new double[n];
            for (int p = 0; p < n; p++) {
                px[p] = pts[2 * p];
                py[p] = pts[2 * p + 1];
            }
            MlsSolve mls = new MlsSolve(d, Landmarks.of(Json.flat(ex.get(0))), 1);
            double[][] mh = mls.solveHand(px, py);
            double[][] me = mls.solveEjml(px, py);
            for (int p = 0; p < n; p++) {
                close(mh[0][p], mapped[2 * p], 100, "case " + c + " hand mls x " + p);
                close(mh[1][p], mapped[2 * p + 1], 100, "case " + c + " hand mls y " + p);
                close(me[0][p], mapped[2 * p], 100, "case " + c + " EJML mls x " + p);
                close(me[1][p], mapped[2 * p + 1], 100, "case " + c + " EJML mls y " + p);
            }
        }
    }
}
