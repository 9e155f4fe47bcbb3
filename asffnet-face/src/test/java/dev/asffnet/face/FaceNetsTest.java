package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pre- and post-processing details that need neither models nor data. */
class FaceNetsTest {
    @Test
    void padToSquarePutsTheRoundedHalfAfter() {
        // face-api padToSquare: diff 3 -> 2 after (Math.round(1.5)), 1 before
        assertEquals(1, new FaceNets.Crop(0, 0, 4, 7).padBefore(true));
        assertEquals(0, new FaceNets.Crop(0, 0, 4, 7).padBefore(false));
        assertEquals(2, new FaceNets.Crop(0, 0, 10, 6).padBefore(true));
    }

    @Test
    void legacyBilinearResize() {
        // 2x1 image (values 0 and 1 in every channel), padded to 2x2 (one zero row after), resized to 4x4
        FaceImage img = FaceImage.of(2, 1, new float[] {0, 1, 0, 1, 0, 1});
        float[] out = new float[3 * 16];
        FaceNets.squareInput(img, FaceNets.Crop.whole(img), true, 4, out, 0);
        // row r reads source row r * 0.5: rows 0,1 from row 0/1 mix; columns likewise
        float[] row0 = {0, 0.5f, 1, 1};
        for (int u = 0; u < 4; u++) {
            assertEquals(row0[u], out[u], 1e-6);               // row 0 (src row 0)
            assertEquals(row0[u] * 0.5f, out[4 + u], 1e-6);    // row 1 (src row 0.5: half zero padding)
            assertEquals(0f, out[8 + u], 1e-6);                // row 2 (padding)
        }
    }

    @Test
    void clipAndFloorLikeFaceApi() {
        FaceNets.Crop c = FaceNets.Crop.clip(new FaceBox(-3.5, 10.7, 20.2, 50.9, 1), 100, 40, "box");
        assertEquals(new FaceNets.Crop(0, 10, 16, 29), c);
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxes() {
        float[] boxes = {0.1f, 0.1f, 0.5f, 0.5f, 0.12f, 0.1f, 0.52f, 0.5f, 0.6f, 0.6f, 0.9f, 0.9f};
        float[] scores = {0.8f, 0.9f, 0.7f};
        List<FaceBox> r = OnnxFaceDetector.decode(boxes, scores, 200, 100, 0.5, 100);
        assertEquals(2, r.size());
        assertEquals(0.9f, r.get(0).score(), 1e-6);
        // 200x100 image: the padded square is 200; boxes scale by 512/round(100*512/200)=2 in y
        assertEquals(0.1 * 200, r.get(0).x(), 1e-4);
        assertEquals(0.12 * 2 * 100, r.get(0).y(), 1e-4);
    }

    @Test
    void alignedBoxFollowsDlibAlignment() {
        double[] xy = new double[136];
        for (int i = 36; i < 42; i++) {
            xy[2 * i] = 40;
            xy[2 * i + 1] = 50;
        }
        for (int i = 42; i < 48; i++) {
            xy[2 * i] = 80;
            xy[2 * i + 1] = 50;
        }
        for (int i = 48; i < 68; i++) {
            xy[2 * i] = 60;
            xy[2 * i + 1] = 95;
        }
        FaceBox b = OnnxFaceEmbedder.alignedBox(Landmarks.of(xy));
        double d = Math.hypot(20, 45);
        double size = Math.floor(d / 0.45);
        assertEquals(size, b.width(), 0);
        assertEquals(Math.floor(60 - 0.5 * size), b.x(), 0);
        assertEquals(Math.floor(65 - 0.43 * size), b.y(), 0);
    }
}
