package dev.asffnet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Aligner;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Selection;
import dev.asffnet.api.WarpField;
import dev.asffnet.geometry.mls.MlsAligner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The photo-level call and the pluggable stages: {@code restorePhoto} returns the input's size for a crop, a
 * portrait and a multi-face photo, touches only the faces, and reports each; a user's
 * {@link GuidanceSelector} and {@link Aligner} given in {@link RestorerOptions} are the ones used.
 */
class RestorePhotoTest {
    /** Finds the given boxes; landmarks are the synthetic template fitted into the box (or the image). */
    static class FakeFront implements LandmarkDetector {
        final List<FaceBox> boxes;
        boolean closed;

        FakeFront(List<FaceBox> boxes) {
            this.boxes = boxes;
        }

        FaceDetector detector() {
            return new FaceDetector() {
                @Override
                public List<FaceBox> detect(FaceImage photo) {
                    return boxes;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public Landmarks detect(FaceImage face) {
            return detect(face, new FaceBox(0, 0, face.width(), face.height(), 1));
        }

        @Override
        public Landmarks detect(FaceImage photo, FaceBox box) {
            double s = Math.min(box.width(), box.height()) / 128.0 * 0.55;
            return SyntheticFaces.posed(new Random(7), s, 0, box.x() + box.width() / 2, box.y() + box.height() / 2);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<Exemplar> exemplars() {
        Random r = new Random(3);
        List<Exemplar> ex = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ex.add(new Exemplar(SyntheticFaces.image(r, 200, 200), SyntheticFaces.posed(r, 1.2, 0.3, 100, 100)));
        }
        return ex;
    }

    private static PhotoResult restore(FaceImage photo, List<FaceBox> boxes) {
        FakeFront front = new FakeFront(boxes);
        try (GuidedRestorer r = GuidedRestorer.create(new GuidedRestorerTest.EchoNetwork(0.2f),
                RestorerOptions.defaults(), front.detector(), front, "t", 2)) {
            return r.restorePhoto(photo, exemplars());
        }
    }

    private static double meanAbsDiff(FaceImage a, FaceImage b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sum += Math.abs(a.get(c, x, y) - b.get(c, x, y));
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void aFaceCropComesBackAtItsOwnSize() {
        FaceImage crop = SyntheticFaces.image(new Random(11), 320, 320);
        PhotoResult res = restore(crop, List.of());
        assertEquals(320, res.image().width());
        assertEquals(320, res.image().height());
        assertEquals(1, res.faces().size());
        FaceReport f = res.faces().get(0);
        assertEquals(new FaceBox(0, 0, 320, 320, 0), f.box());
        assertTrue(meanAbsDiff(crop, res.image(), 140, 140, 180, 180) > 0.05, "the face was restored");
    }

    @Test
    void aPortraitKeepsItsSizeAndEverythingOutsideTheFace() {
        FaceImage photo = SyntheticFaces.image(new Random(12), 300, 420);
        PhotoResult res = restore(photo, List.of(new FaceBox(100, 80, 100, 100, 0.9)));
        assertEquals(300, res.image().width());
        assertEquals(420, res.image().height());
        assertEquals(0, meanAbsDiff(photo, res.image(), 0, 330, 300, 420), 0, "below the face is untouched");
        assertTrue(meanAbsDiff(photo, res.image(), 135, 115, 165, 145) > 0.05, "the face was restored");
        assertEquals(new FaceBox(100, 80, 100, 100, 0.9), res.faces().get(0).box());
    }

    @Test
    void everyFaceOfAGroupPhotoIsRestoredAndReported() {
        FaceImage photo = SyntheticFaces.image(new Random(13), 640, 360);
        List<FaceBox> boxes = List.of(new FaceBox(60, 100, 120, 120, 0.95), new FaceBox(420, 90, 110, 110, 0.9),
                new FaceBox(300, 300, 8, 8, 0.6));                        // too small: skipped
        PhotoResult res = restore(photo, boxes);
        assertEquals(640, res.image().width());
        assertEquals(360, res.image().height());
        assertEquals(2, res.faces().size());
        for (int i = 0; i < 2; i++) {
            FaceBox b = boxes.get(i);
            int cx = (int) (b.x() + b.width() / 2);
            int cy = (int) (b.y() + b.height() / 2);
            assertTrue(meanAbsDiff(photo, res.image(), cx - 10, cy - 10, cx + 10, cy + 10) > 0.05, "face " + i);
            assertEquals(b, res.faces().get(i).box());
            assertTrue(res.faces().get(i).exemplarIndex() >= 0 && res.faces().get(i).exemplarIndex() < 3);
        }
        assertEquals(0, meanAbsDiff(photo, res.image(), 250, 0, 360, 60), 0, "between the faces is untouched");
    }

    @Test
    void boxesFoundElsewhereAreRestoredInsteadOfTheDetectorsOwn() {
        FaceImage photo = SyntheticFaces.image(new Random(14), 640, 360);
        FaceBox given = new FaceBox(420, 90, 110, 110, 0.8);
        FakeFront front = new FakeFront(List.of(new FaceBox(60, 100, 120, 120, 0.95)));
        try (GuidedRestorer r = GuidedRestorer.create(new GuidedRestorerTest.EchoNetwork(0.2f),
                RestorerOptions.defaults(), front.detector(), front, "t", 2)) {
            PhotoResult res = r.restorePhoto(photo, List.of(given), exemplars());
            assertEquals(List.of(given), res.faces().stream().map(FaceReport::box).toList());
            assertTrue(meanAbsDiff(photo, res.image(), 465, 135, 485, 155) > 0.05, "the given face was restored");
            assertEquals(0, meanAbsDiff(photo, res.image(), 100, 140, 140, 180), 0, "the detector's face was not");
            PhotoResult whole = r.restorePhoto(photo, List.of(), exemplars());
            assertEquals(640, whole.faces().get(0).box().width(), 0, "no box: the whole image is the box");
            assertThrows(InvalidInputException.class, () -> r.restorePhoto(photo, null, exemplars()));
            List<FaceBox> withNull = new ArrayList<>();
            withNull.add(null);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> r.restorePhoto(photo, withNull, exemplars()));
            assertTrue(e.getMessage().contains("face box 0"), e.getMessage());
        }
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new GuidedRestorerTest.EchoNetwork(0), "t", 1)) {
            assertThrows(UnsupportedOperationException.class,
                    () -> r.restorePhoto(photo, List.of(given), exemplars()), "no landmark detector");
        }
    }

    @Test
    void withoutAFaceFrontEndRestorePhotoSaysWhatToDo() {
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new GuidedRestorerTest.EchoNetwork(0), "t", 1)) {
            FaceImage img = SyntheticFaces.image(new Random(1), 64, 64);
            assertThrows(UnsupportedOperationException.class, () -> r.restorePhoto(img, exemplars()));
        }
    }

    @Test
    void aCustomSelectorFromTheOptionsChoosesTheGuidance() {
        AtomicInteger calls = new AtomicInteger();
        GuidanceSelector lastOne = (degraded, candidates) -> {
            calls.incrementAndGet();
            double[] d = new double[candidates.size()];
            return new Selection(candidates.size() - 1, d);
        };
        FakeFront front = new FakeFront(List.of());
        List<Exemplar> ex = exemplars();
        FaceImage crop = SyntheticFaces.image(new Random(5), 128, 128);
        try (GuidedRestorer r = GuidedRestorer.create(new GuidedRestorerTest.EchoNetwork(0),
                RestorerOptions.defaults().withSelector(lastOne), front.detector(), front, "t", 1)) {
            PhotoResult res = r.restorePhoto(crop, ex);
            assertEquals(2, calls.get(), "once per restoration pass (GuidedRestorer.REFINE_PASSES = 1)");
            assertEquals(2, res.faces().get(0).exemplarIndex());
        }
        assertTrue(front.closed, "the face front end is closed with the restorer");
    }

    @Test
    void aCustomAlignerFromTheOptionsMakesTheWarpGrid() {
        AtomicInteger calls = new AtomicInteger();
        Aligner identity = (degraded, guidance, w, h) -> {
            calls.incrementAndGet();
            return new WarpField() {
                public int width() {
                    return w;
                }

                public int height() {
                    return h;
                }

                public double sourceX(int x, int y) {
                    return x;
                }

                public double sourceY(int x, int y) {
                    return y;
                }
            };
        };
        GuidedRestorerTest.EchoNetwork net = new GuidedRestorerTest.EchoNetwork(0);
        List<Exemplar> ex = exemplars();
        try (GuidedRestorer r = GuidedRestorer.create(net, RestorerOptions.defaults().withAligner(identity), null, null,
                "t", 1)) {
            r.restore(ex.get(0), ex);
        }
        assertEquals(1, calls.get());
        float[] grid = net.lastGrid;
        assertEquals(32 * 32 * 2, grid.length);
        assertEquals(-1f, grid[0], 1e-6f);
        assertEquals(1f, grid[grid.length - 1], 1e-6f);
    }

    @Test
    void theDefaultAlignerIsTheConventionsFeatureGrid() {
        GuidedRestorerTest.EchoNetwork net = new GuidedRestorerTest.EchoNetwork(0);
        List<Exemplar> ex = exemplars();
        FaceImage crop = SyntheticFaces.image(new Random(9), 128, 128);
        Landmarks l = SyntheticFaces.posed(new Random(10), 0.55, 0.5, 64, 64);
        try (GuidedRestorer r = GuidedRestorer.create(net, RestorerOptions.defaults(), null, null, "t", 1)) {
            var res = r.restore(new Exemplar(crop, l), ex);
            Landmarks d = GuidedRestorer.canonical(new Exemplar(crop, l), 128, "d").face().landmarks();
            Landmarks g = GuidedRestorer.canonical(ex.get(res.selection().index()), 128, "g").face().landmarks();
            float[] expected = MlsAligner.featureGrid(d, g, 128).toNormalizedGrid();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], net.lastGrid[i], 1e-5f, "grid value " + i);
            }
        }
    }

    /**
     * Issue 18: the landmarks are found again on the restored face (sharper than the degraded input) and the
     * face is restored once more from the original photo with them; the report carries the second landmarks.
     */
    @Test
    void landmarksAreFoundAgainOnTheRestoredFace() {
        FaceImage photo = SyntheticFaces.image(new Random(21), 300, 300);
        FaceBox box = new FaceBox(100, 90, 110, 110, 0.9);
        List<FaceImage> seen = new ArrayList<>();
        FakeFront front = new FakeFront(List.of(box)) {
            @Override
            public Landmarks detect(FaceImage p, FaceBox b) {
                seen.add(p);
                // shifted by 3 px on every call after the first, so each pass's landmarks can be told apart
                return super.detect(p, b).transformed(1, 0, 3.0 * (seen.size() - 1), 0, 1, 0);
            }
        };
        GuidedRestorerTest.EchoNetwork net = new GuidedRestorerTest.EchoNetwork(0.2f);
        try (GuidedRestorer r = GuidedRestorer.create(net, RestorerOptions.defaults(), front.detector(), front, "t", 2)) {
            PhotoResult res = r.restorePhoto(photo, exemplars());
            assertEquals(2, seen.size(), "one landmark pass on the photo, one on the first result");
            assertSame(photo, seen.get(0));
            assertTrue(meanAbsDiff(photo, seen.get(1), 140, 130, 170, 160) > 0.1,
                    "the second pass sees the restored face, not the degraded one");
            assertEquals(2, net.calls.get(), "the face is restored twice");
            Landmarks reported = res.faces().get(0).landmarks();
            assertEquals(secondPass(box).x(0), reported.x(0), 1e-9, "the report has the second pass's landmarks");
        }
    }

    /** What the shifting fake front end returns on its second call. */
    private static Landmarks secondPass(FaceBox box) {
        double s = Math.min(box.width(), box.height()) / 128.0 * 0.55;
        return SyntheticFaces.posed(new Random(7), s, 0, box.x() + box.width() / 2, box.y() + box.height() / 2)
                .transformed(1, 0, 3.0, 0, 1, 0);
    }
}
