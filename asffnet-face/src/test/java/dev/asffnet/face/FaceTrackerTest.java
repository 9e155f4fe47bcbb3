package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faces followed through a frame sequence made from a real photo moved by a few pixels per frame. */
class FaceTrackerTest {
    /** The photo moved right by {@code dx} and down by {@code dy} pixels, the uncovered border mid-grey. */
    private static FaceImage moved(FaceImage img, int dx, int dy) {
        int w = img.width();
        int h = img.height();
        float[] src = img.toArray();
        float[] out = new float[src.length];
        Arrays.fill(out, 0.5f);
        for (int c = 0; c < 3; c++) {
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                for (int x = Math.max(0, dx); x < Math.min(w, w + dx); x++) {
                    out[(c * h + y) * w + x] = src[(c * h + y - dy) * w + x - dx];
                }
            }
        }
        return FaceImage.of(w, h, out);
    }

    private static FaceImage photo() throws Exception {
        Path celeba = TestData.celeba();
        try (var files = Files.list(celeba.resolve("7202"))) {
            return FaceImage.read(files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow());
        }
    }

    @Test
    void aMovingFaceIsFollowedWithoutTheDetectorAndItsBoxMovesWithIt() throws Exception {
        FaceImage photo = photo();
        try (FaceFrontEnd front = new FaceFrontEnd(1)) {
            FaceTracker tracker = new FaceTracker(front, FaceTracker.DEFAULT_REDETECT_EVERY);
            List<FaceBox> first = tracker.detect(photo);
            assertEquals(front.faces(photo), first, "the first frame gets the detector's boxes");
            FaceBox previous = first.get(0);
            for (int f = 1; f <= 4; f++) {
                FaceImage frame = moved(photo, 6 * f, 3 * f);
                List<FaceBox> boxes = tracker.detect(frame);
                assertEquals(1, boxes.size());
                FaceBox b = boxes.get(0);
                FaceBox detected = front.faces(frame).get(0);
                assertTrue(b.iou(detected) > 0.5, "frame " + f + ": followed " + b + " vs detected " + detected);
                if (f > 1) {
                    assertEquals(6, b.x() - previous.x(), 2.5, "moves with the face (x), frame " + f);
                    assertEquals(3, b.y() - previous.y(), 2.5, "moves with the face (y), frame " + f);
                }
                assertEquals(first.get(0).score(), b.score(), 0, "keeps the detector's score");
                previous = b;
            }
            assertEquals(1, tracker.detections());
            assertEquals(4, tracker.followed());
        }
    }

    @Test
    void theDetectorRunsAgainWhenTheFaceIsLostTheSizeChangesOrItIsDue() throws Exception {
        FaceImage photo = photo();
        float[] grey = new float[3 * photo.width() * photo.height()];
        Arrays.fill(grey, 0.5f);
        FaceImage blank = FaceImage.of(photo.width(), photo.height(), grey);
        try (FaceFrontEnd front = new FaceFrontEnd(1)) {
            FaceTracker tracker = new FaceTracker(front, 4);
            tracker.detect(photo);                               // frame 0: key frame
            assertTrue(tracker.detect(blank).isEmpty(), "a frame without the face: lost, the detector finds none");
            assertEquals(2, tracker.detections());
            tracker.detect(photo);                               // nothing to follow: detector
            tracker.detect(photo);                               // frame 3: followed
            assertEquals(1, tracker.followed());
            tracker.detect(photo);                               // frame 4: key frame
            assertEquals(4, tracker.detections(), "every 4th frame runs the detector");
            tracker.skip();                                      // frame 5: not looked at
            tracker.detect(photo);                               // frame 6: nothing to follow
            assertEquals(5, tracker.detections());
            assertEquals(7, tracker.frames());
            FaceImage smaller = FaceImage.of(photo.width() - 1, photo.height(), crop(photo, photo.width() - 1));
            tracker.detect(smaller);
            assertEquals(6, tracker.detections(), "a new frame size runs the detector");
        }
    }

    @Test
    void badArgumentsAreTypedErrors() {
        assertThrows(InvalidInputException.class, () -> new FaceTracker(null, 1));
        try (FaceFrontEnd front = new FaceFrontEnd(1)) {
            assertThrows(InvalidInputException.class, () -> new FaceTracker(front, 0));
            assertThrows(InvalidInputException.class, () -> new FaceTracker(front, 1).detect(null));
        }
    }

    private static float[] crop(FaceImage img, int w) {
        int h = img.height();
        float[] src = img.toArray();
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (c * h + y) * img.width(), out, (c * h + y) * w, w);
            }
        }
        return out;
    }
}
