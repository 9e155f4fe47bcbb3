package dev.asffnet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.asffnet.api.Affine2D;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Drives 10,000 generated inputs, a third of them malformed at each level, (landmarks, images, exemplar lists, option values)
 * through the public API. Each call either succeeds with a finite image in [0,1] or throws a documented
 * exception ({@link InvalidInputException} and subclasses for bad input, {@link AsffnetException} for
 * model failures); anything else (NullPointerException, ArithmeticException, ...) fails the test with the
 * case's seed.
 */
class RestorerFuzzTest {
    private static final long SEED = 20261125L;
    private static final int CASES = 10_000;

    @Test
    void malformedInputsGiveDocumentedOutcomes() {
        Random master = new Random(SEED);
        int ok = 0;
        int rejected = 0;
        try (Restorer r = GuidedRestorerTest.restorer(new GuidedRestorerTest.EchoNetwork(0.05f), "fuzz", 3)) {
            for (int c = 0; c < CASES; c++) {
                long seed = master.nextLong();
                Random rnd = new Random(seed);
                try {
                    int kind = rnd.nextInt(4);
                    if (kind == 3) {
                        options(rnd);
                        ok++;
                        continue;
                    }
                    Exemplar degraded = exemplar(rnd);
                    List<Exemplar> exemplars = exemplars(rnd);
                    RestoreResult res = kind == 2 && degraded != null
                            ? r.restoreAll(List.of(degraded, degraded), exemplars).get(1)
                            : r.restore(degraded, exemplars);
                    for (float v : res.restored().toArray()) {
                        if (!(v >= 0f && v <= 1f)) {
                            fail("seed " + seed + ": output value " + v + " outside [0,1]");
                        }
                    }
                    for (double d : res.selection().squaredDistances()) {
                        assertTrue(Double.isFinite(d), "seed " + seed + ": non-finite distance");
                    }
                    ok++;
                } catch (InvalidInputException | AsffnetException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "seed " + seed + ": empty message");
                    rejected++;
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ": undocumented " + e, e);
                }
            }
        }
        assertEquals(CASES, ok + rejected);
        assertTrue(ok > 500 && rejected > 500, "both outcomes exercised: ok=" + ok + " rejected=" + rejected);
        System.out.println("fuzz seed " + SEED + ": " + ok + " succeeded, " + rejected + " rejected with typed exceptions");
    }

    private static void options(Random rnd) {
        Optional<Path> file = rnd.nextBoolean() ? Optional.empty() : null;
        RestorerOptions.Device d = rnd.nextBoolean() ? RestorerOptions.Device.values()[rnd.nextInt(3)] : null;
        Optional<Path> weights = rnd.nextInt(4) > 0 ? Optional.empty() : null;
        new RestorerOptions(file, d, rnd.nextInt(9) - 4, weights, rnd.nextInt(8) > 0 ? Optional.empty() : null,
                rnd.nextInt(8) > 0 ? Optional.empty() : null);
    }

    private static List<Exemplar> exemplars(Random rnd) {
        switch (rnd.nextInt(10)) {
            case 0:
                return null;
            case 1:
                return List.of();
            default:
                int n = 1 + rnd.nextInt(4);
                List<Exemplar> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(rnd.nextInt(30) == 0 ? null : exemplar(rnd));
                }
                return list;
        }
    }

    private static Exemplar exemplar(Random rnd) {
        if (rnd.nextInt(40) == 0) {
            return null;
        }
        if (rnd.nextInt(3) > 0) {
            int side = 24 + rnd.nextInt(96);
            return new Exemplar(SyntheticFaces.image(rnd, side, side),
                    SyntheticFaces.posed(rnd, side / 128.0 * (0.5 + rnd.nextDouble() * 0.7), rnd.nextDouble() * 2,
                            side / 2.0, side / 2.0));
        }
        return new Exemplar(image(rnd), landmarks(rnd));
    }

    private static FaceImage image(Random rnd) {
        int w = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 96);
        int h = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 96);
        int len = 3 * w * h + (rnd.nextInt(20) == 0 ? rnd.nextInt(5) - 2 : 0);
        float[] d = new float[Math.max(0, len)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat();
        }
        if (d.length > 0 && rnd.nextInt(20) == 0) {
            d[rnd.nextInt(d.length)] = rnd.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
        }
        if (rnd.nextInt(10) == 0) {
            return SyntheticFaces.image(rnd, w, h);
        }
        return FaceImage.of(w, h, d);
    }

    private static Landmarks landmarks(Random rnd) {
        int mode = rnd.nextInt(8);
        double[] xy = new double[mode == 0 ? rnd.nextInt(200) : 136];
        double cx = rnd.nextDouble() * 100;
        double scale = Math.pow(10, rnd.nextDouble() * 4 - 2);
        Landmarks face = SyntheticFaces.posed(rnd, scale, rnd.nextDouble() * 3, cx, cx);
        for (int i = 0; i < xy.length; i++) {
            xy[i] = switch (mode) {
                case 1 -> cx;                                    // all points coincide
                case 2 -> i % 2 == 0 ? i * scale : 2 * i * scale; // collinear
                case 3 -> rnd.nextGaussian() * 1e6;               // far off any image
                case 4 -> i == 5 ? Double.NaN : face.toArray()[i];
                case 5 -> face.toArray()[i] * (rnd.nextBoolean() ? 1e150 : 1e-150);
                default -> i < 136 ? face.toArray()[i] : 0;
            };
        }
        return Landmarks.of(xy);
    }
}
