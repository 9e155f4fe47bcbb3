package dev.asffnet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.asffnet.api.Affine2D;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.ImageReadException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.PhotoResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.io.TempDir;
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
                    if (kind == 1 && exemplars != null) {           // through Restorer.prepare first
                        List<Exemplar> prepared = new java.util.ArrayList<>();
                        for (Exemplar e : exemplars) {
                            prepared.add(r.prepare(e));
                        }
                        exemplars = prepared;
                    }
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
                rnd.nextInt(8) > 0 ? Optional.empty() : null, rnd.nextBoolean(), rnd.nextBoolean());
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

    /** Before: ArrayIndexOutOfBoundsException from BicubicResize for a face 1e-5 of the image wide. */
    @Test
    void aTinyFaceIsATypedError() {
        Random rnd = new Random(1);
        FaceImage img = SyntheticFaces.image(rnd, 300, 200);
        Exemplar tiny = new Exemplar(img, SyntheticFaces.posed(rnd, 300e-5 / 128, 0, 150, 100));
        List<Exemplar> ex = List.of(new Exemplar(SyntheticFaces.image(rnd, 200, 200),
                SyntheticFaces.posed(rnd, 1.2, 0.3, 100, 100)));
        try (Restorer r = GuidedRestorerTest.restorer(new GuidedRestorerTest.EchoNetwork(0), "t", 1)) {
            InvalidLandmarksException e = assertThrows(InvalidLandmarksException.class, () -> r.restore(tiny, ex));
            assertTrue(e.getMessage().contains("too small") && e.getMessage().contains("at least 16"), e.getMessage());
            assertThrows(InvalidLandmarksException.class, () -> r.restore(ex.get(0), List.of(tiny)));
        }
    }

    /**
     * Faces of every scale (1e-6 to 40 times the template) on images up to 1500 pixels, restored directly
     * and through restorePhoto with boxes anywhere, and decoded files (PNG/JPEG, grey or colour, cut or
     * corrupted at random): each call succeeds with values in [0,1] or throws a documented exception.
     */
    @Test
    void scalesPhotosAndDecodedFilesGiveDocumentedOutcomes(@TempDir Path dir) throws Exception {
        long master = System.nanoTime();
        System.out.println("scalesPhotosAndDecodedFiles seed " + master);
        Random seeds = new Random(master);
        int ok = 0;
        int rejected = 0;
        RestorePhotoTest.FakeFront front = new RestorePhotoTest.FakeFront(new ArrayList<>());
        try (Restorer r = GuidedRestorer.create(new GuidedRestorerTest.EchoNetwork(0.05f), RestorerOptions.defaults(),
                front.detector(), front, "fuzz", 2)) {
            for (int c = 0; c < 300; c++) {
                long seed = seeds.nextLong();
                Random rnd = new Random(seed);
                try {
                    int kind = rnd.nextInt(3);
                    if (kind == 0) {
                        FaceImage f = FaceImage.read(file(rnd, dir.resolve("case" + (c % 4) + ".img")));
                        check(f, seed);
                    } else {
                        List<Exemplar> ex = new ArrayList<>();
                        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                            ex.add(scaled(rnd));
                        }
                        if (kind == 1) {
                            check(r.restore(scaled(rnd), ex).restored(), seed);
                        } else {
                            FaceImage photo = SyntheticFaces.image(rnd, 16 + rnd.nextInt(400), 16 + rnd.nextInt(400));
                            front.boxes.clear();
                            for (int i = rnd.nextInt(3); i > 0; i--) {
                                double side = Math.pow(10, rnd.nextDouble() * 4 - 2);
                                front.boxes.add(new FaceBox(rnd.nextDouble() * photo.width(), rnd.nextDouble()
                                        * photo.height(), side, side, 1));
                            }
                            PhotoResult p = r.restorePhoto(photo, ex);
                            assertEquals(photo.width(), p.image().width(), "seed " + seed);
                            check(p.image(), seed);
                        }
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
        assertTrue(ok > 30 && rejected > 30, "both outcomes exercised: ok=" + ok + " rejected=" + rejected);
        System.out.println("seed " + master + ": " + ok + " succeeded, " + rejected + " rejected with typed exceptions");
    }

    private static void check(FaceImage f, long seed) {
        for (float v : f.toArray()) {
            if (!(v >= 0f && v <= 1f)) {
                fail("seed " + seed + ": value " + v + " outside [0,1]");
            }
        }
    }

    /** A face posed at a log-uniform scale in [1e-6, 40] (up to ~5000 pixels wide) on an image up to 1500 wide. */
    private static Exemplar scaled(Random rnd) {
        double scale = Math.pow(10, rnd.nextDouble() * 7.6 - 6);
        int w = 16 + rnd.nextInt(rnd.nextInt(4) == 0 ? 1500 : 300);
        int h = 16 + rnd.nextInt(rnd.nextInt(4) == 0 ? 1000 : 300);
        return new Exemplar(SyntheticFaces.image(rnd, w, h), SyntheticFaces.posed(rnd, scale, rnd.nextDouble(),
                rnd.nextDouble() * w, rnd.nextDouble() * h));
    }

    /** A PNG or JPEG, grey or colour, sometimes cut short or with bytes flipped. */
    private static Path file(Random rnd, Path path) throws java.io.IOException {
        int w = 1 + rnd.nextInt(64);
        int h = 1 + rnd.nextInt(64);
        BufferedImage img = new BufferedImage(w, h, rnd.nextBoolean() ? BufferedImage.TYPE_BYTE_GRAY
                : rnd.nextBoolean() ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, rnd.nextBoolean() || img.getType() == BufferedImage.TYPE_USHORT_GRAY ? "png" : "jpg", out);
        byte[] b = out.toByteArray();
        switch (rnd.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 1 -> {
                for (int i = rnd.nextInt(4); i >= 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            default -> { }
        }
        return Files.write(path, b);
    }
}
