package dev.asffnet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Affine2D;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pipeline around a network, with a transparent test network (output = degraded input + a constant)
 * whose calls are recorded, so alignment, selection, batching and validation can be checked exactly.
 */
class GuidedRestorerTest {
    /** Returns degraded + offset and records the guidance it was given. */
    static final class EchoNetwork implements AsffnetNetwork {
        final int size;
        final float offset;
        final AtomicInteger calls = new AtomicInteger();
        volatile float[] lastGuidance;
        volatile float[] lastGrid;
        volatile boolean closed;

        EchoNetwork(float offset) {
            this(128, offset);
        }

        EchoNetwork(int size, float offset) {
            this.size = size;
            this.offset = offset;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public float[] forward(EngineInput in) {
            calls.incrementAndGet();
            lastGuidance = in.guidance().clone();
            lastGrid = in.warpGrid().clone();
            float[] out = in.degraded().clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += offset;
            }
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The default pipeline (uniform weights, MLS) around {@code net}, without a face front end. */
    static GuidedRestorer restorer(AsffnetNetwork net, String backend, int batch) {
        return new GuidedRestorer(net, new AffineDistanceSelector(LandmarkWeights.uniform()), new MlsAligner(), null,
                null, backend, batch);
    }

    static Exemplar face(long seed, int side, double scale) {
        Random rnd = new Random(seed);
        return new Exemplar(SyntheticFaces.image(rnd, side, side),
                SyntheticFaces.posed(rnd, scale, 0.5, side / 2.0, side / 2.0));
    }

    @Test
    void outputIsTheNetworkOutputClampedInTheCanonicalFrame() {
        EchoNetwork net = new EchoNetwork(0.3f);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(net, "test", 4)) {
            RestoreResult res = r.restore(face(1, 200, 1.4), List.of(face(2, 256, 1.8), face(3, 160, 1.1)));
            assertEquals(128, res.restored().width());
            float[] in = res.alignedDegraded().toArray();
            float[] out = res.restored().toArray();
            for (int i = 0; i < in.length; i++) {
                assertEquals(Math.min(1f, in[i] + 0.3f), out[i], 1e-6f, "pixel " + i);
            }
            assertEquals(2, res.selection().squaredDistances().length);
        }
        assertTrue(net.closed, "closing the restorer closes the network");
    }

    @Test
    void selectsTheExemplarWhosePoseMatchesAndFeedsItAsGuidance() {
        Random rnd = new Random(7);
        Landmarks pose = SyntheticFaces.posed(rnd, 1.5, 0, 100, 100);
        Exemplar degraded = new Exemplar(SyntheticFaces.image(rnd, 200, 200), pose);
        List<Exemplar> ex = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            ex.add(new Exemplar(SyntheticFaces.image(rnd, 220, 220), SyntheticFaces.posed(rnd, 1.6, 3.0, 110, 110)));
        }
        // exemplar 3: an exact similarity image of the degraded pose (affine distance 0)
        ex.set(3, new Exemplar(SyntheticFaces.image(rnd, 220, 220), pose.transformed(1.1, 0, 5, 0, 1.1, -3)));
        EchoNetwork net = new EchoNetwork(0);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(net, "test", 4)) {
            RestoreResult res = r.restore(degraded, ex);
            assertEquals(3, res.selection().index());
            assertTrue(res.selection().bestDistance() < 1e-6, "distance " + res.selection().bestDistance());
            assertArrayEquals(res.alignedGuidance().toArray(), net.lastGuidance);
            for (float v : net.lastGrid) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void batchedRestorationEqualsOneByOne() {
        List<Exemplar> ex = List.of(face(11, 200, 1.5), face(12, 200, 1.4), face(13, 200, 1.3));
        List<Exemplar> faces = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            faces.add(face(100 + i, 150 + 10 * i, 0.6 + 0.2 * i));
        }
        EchoNetwork net = new EchoNetwork(0.1f);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(net, "test", 3)) {
            List<RestoreResult> all = r.restoreAll(faces, ex);
            assertEquals(3, net.calls.get(), "7 faces in batches of 3");
            for (int i = 0; i < faces.size(); i++) {
                RestoreResult one = r.restore(faces.get(i), ex);
                assertEquals(one.restored(), all.get(i).restored(), "face " + i);
                assertEquals(one.selection().index(), all.get(i).selection().index());
            }
        }
    }

    @Test
    void smallFacesAreUpsampledAndCropToInputMapsBack() {
        Exemplar small = face(21, 48, 0.35);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new EchoNetwork(0), "t", 1)) {
            RestoreResult res = r.restore(small, List.of(face(22, 256, 1.8)));
            Affine2D m = res.cropToInput();
            // the crop's centre maps near the face centre of the small input
            assertEquals(24, m.applyX(63.5, 63.5), 4);
            assertEquals(24, m.applyY(63.5, 63.5), 6);
            assertTrue(Math.hypot(m.a(), m.d()) < 0.5, "crop pixels are smaller than input pixels: " + m);
            // and the landmarks the network saw map back onto the input's landmarks exactly
            Landmarks back = m.apply(GuidedRestorer.canonical(small, 128, "small").face().landmarks());
            for (int i = 0; i < Landmarks.COUNT; i++) {
                assertEquals(small.landmarks().x(i), back.x(i), 1e-9, "x of landmark " + i);
                assertEquals(small.landmarks().y(i), back.y(i), 1e-9, "y of landmark " + i);
            }
        }
    }

    @Test
    void aCanonicalCropIsFedToTheNetworkUnresampled() {
        Exemplar photo = face(51, 220, 1.5);
        dev.asffnet.geometry.crop.AlignedFace canonical =
                dev.asffnet.geometry.crop.FaceAligner.align(photo.image(), photo.landmarks(), 128);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new EchoNetwork(0), "t", 1)) {
            RestoreResult res = r.restore(new Exemplar(canonical.crop(), canonical.landmarks()), List.of(photo));
            assertEquals(canonical.crop(), res.alignedDegraded());
            assertEquals(Affine2D.IDENTITY, res.cropToInput());
        }
    }

    @Test
    void aCropNearTheCanonicalFramingIsRestoredInItsOwnPixelsAndOneFurtherOffIsAligned() {
        Exemplar photo = face(52, 220, 1.5);
        dev.asffnet.geometry.crop.AlignedFace canonical =
                dev.asffnet.geometry.crop.FaceAligner.align(photo.image(), photo.landmarks(), 128);
        Landmarks l = canonical.landmarks();
        double c = 63.5;
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new EchoNetwork(0), "t", 1)) {
            // landmarks as a detector might find them: 3% larger, 1.5 degrees turned, 3 px off
            for (double[] m : new double[][] {{1.03, 1.5, 3, -2, 1}, {1.12, 0, 0, 0, 0}, {1, 6, 0, 0, 0}, {1, 0, 9, 0, 0}}) {
                double k = m[0];
                double t = Math.toRadians(m[1]);
                double a = k * Math.cos(t);
                double b = k * Math.sin(t);
                Landmarks moved = l.transformed(a, -b, c - a * c + b * c + m[2], b, a, c - b * c - a * c + m[3]);
                RestoreResult res = r.restore(new Exemplar(canonical.crop(), moved), List.of(photo));
                boolean near = m[4] == 1;
                assertEquals(near, Affine2D.IDENTITY.equals(res.cropToInput()), java.util.Arrays.toString(m));
                assertEquals(near, canonical.crop().equals(res.alignedDegraded()), java.util.Arrays.toString(m));
            }
        }
    }

    @Test
    void badInputGetsTypedExceptions() {
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new EchoNetwork(0), "t", 2)) {
            Exemplar f = face(31, 128, 1);
            InvalidInputException empty = assertThrows(InvalidInputException.class, () -> r.restore(f, List.of()));
            assertTrue(empty.getMessage().contains("no exemplars"));
            assertThrows(InvalidInputException.class, () -> r.restore(f, null));
            assertThrows(InvalidInputException.class, () -> r.restore((Exemplar) null, List.of(f)));
            List<Exemplar> withNull = new ArrayList<>();
            withNull.add(f);
            withNull.add(null);
            assertTrue(assertThrows(InvalidInputException.class, () -> r.restore(f, withNull)).getMessage().contains("exemplar 1"));
            Exemplar offImage = new Exemplar(f.image(), f.landmarks().transformed(1, 0, 900, 0, 1, 900));
            assertThrows(InvalidLandmarksException.class, () -> r.restore(offImage, List.of(f)));
            assertThrows(UnsupportedOperationException.class, () -> r.restore(f.image(), List.of(f)));
            assertThrows(InvalidInputException.class, () -> r.restoreAll(List.of(), List.of(f)));
        }
    }

    @Test
    void nonFiniteNetworkOutputIsAnErrorNotAnImage() {
        EchoNetwork nan = new EchoNetwork(Float.NaN);
        try (GuidedRestorer r = GuidedRestorerTest.restorer(nan, "t", 1)) {
            Exemplar f = face(41, 128, 1);
            assertThrows(AsffnetException.class, () -> r.restore(f, List.of(f)));
        }
    }

    /**
     * Issue 17: a large exemplar is reduced at load to the region alignment reads, and restoring with the
     * prepared exemplar feeds the network the same guidance: for a face far larger than the crop (reduced),
     * near its size (cut out) and smaller (enlarged).
     */
    @Test
    void preparedExemplarsAreSmallAndGiveTheSameGuidance() {
        Exemplar degraded = face(51, 200, 1.4);
        for (double[] c : new double[][] {{1600, 9.0}, {700, 1.9}, {400, 0.6}}) {
            int side = (int) c[0];
            Random rnd = new Random(52);
            Exemplar big = new Exemplar(SyntheticFaces.image(rnd, side, side),
                    SyntheticFaces.posed(rnd, c[1], 0.5, side * 0.45, side * 0.55), "big.jpg");
            EchoNetwork net = new EchoNetwork(0);
            try (GuidedRestorer r = GuidedRestorerTest.restorer(net, "t", 1)) {
                Exemplar small = r.prepare(big);
                assertEquals("big.jpg", small.source(), "the source survives preparation");
                assertTrue(small.image().width() <= 4 * 128 && small.image().height() <= 4 * 128,
                        "prepared " + small.image().width() + "x" + small.image().height() + " from " + side);
                assertTrue((long) small.image().width() * small.image().height() < (long) side * side,
                        "a " + side + " px exemplar is reduced");
                r.restore(degraded, List.of(big));
                float[] fromBig = net.lastGuidance;
                r.restore(degraded, List.of(small));
                float[] fromSmall = net.lastGuidance;
                double maxDiff = 0;
                for (int i = 0; i < fromBig.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(fromBig[i] - fromSmall[i]));
                }
                assertTrue(maxDiff < 1e-5, "scale " + c[1] + ": guidance differs by " + maxDiff);
                assertTrue(r.prepare(small) == small || r.prepare(small).image().width() == small.image().width(),
                        "preparing twice changes nothing more");
            }
        }
    }

    /** Issue 17: errors about an exemplar name its file, not only its index. */
    @Test
    void exemplarErrorsNameTheFile() {
        try (GuidedRestorer r = GuidedRestorerTest.restorer(new EchoNetwork(0), "t", 1)) {
            Exemplar f = face(61, 128, 1);
            Exemplar off = new Exemplar(f.image(), f.landmarks().transformed(1, 0, 900, 0, 1, 900), "/photos/holiday.jpg");
            String msg = assertThrows(InvalidLandmarksException.class, () -> r.restore(f, List.of(f, off))).getMessage();
            assertTrue(msg.contains("exemplar 1 (/photos/holiday.jpg)"), msg);
            String prep = assertThrows(InvalidLandmarksException.class, () -> r.prepare(off)).getMessage();
            assertTrue(prep.contains("/photos/holiday.jpg"), prep);
        }
    }
}
