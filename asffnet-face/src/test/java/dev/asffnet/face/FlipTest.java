package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Horizontal-flip consistency on celeba-faces (skipped without ../shared): the landmarks of the mirrored
 * photo, on the mirrored box, equal the mirrored landmarks with the iBUG left/right permutation applied.
 * Pixel centres are at integers (conventions.md), so x mirrors to W - 1 - x. The net is not exactly
 * mirror-equivariant: measured on 30 faces, mean point error 1.96 px at a 256 px scale, of which a systematic
 * +1.2 px in x (face-api's centred padding puts the odd pixel after the crop, and the net itself leans);
 * worst face mean 3.2 px. The bounds below (mean 2.5 px, worst face 4 px) guard against regressions such as
 * a wrong padding side or a lost mirror permutation (which give tens of pixels).
 */
class FlipTest {
    /** iBUG 68 mirror permutation: point i of a face is point MIRROR[i] of its mirror image. */
    static final int[] MIRROR = new int[68];

    static {
        int[][] pairs = {{0, 16}, {1, 15}, {2, 14}, {3, 13}, {4, 12}, {5, 11}, {6, 10}, {7, 9},
            {17, 26}, {18, 25}, {19, 24}, {20, 23}, {21, 22}, {31, 35}, {32, 34},
            {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
            {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58}, {60, 64}, {61, 63}, {65, 67}};
        for (int i = 0; i < 68; i++) {
            MIRROR[i] = i;
        }
        for (int[] p : pairs) {
            MIRROR[p[0]] = p[1];
            MIRROR[p[1]] = p[0];
        }
    }

    static FaceImage flip(FaceImage img) {
        int w = img.width();
        int h = img.height();
        float[] src = img.toArray();
        float[] dst = new float[src.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    dst[(c * h + y) * w + x] = src[(c * h + y) * w + (w - 1 - x)];
                }
            }
        }
        return FaceImage.of(w, h, dst);
    }

    @Test
    void flippedLandmarksAreMirroredLandmarks() throws Exception {
        Path celeba = TestData.celeba();
        List<Path> files;
        try (Stream<Path> s = Files.walk(celeba)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        double worstMean = 0;
        double sumMean = 0;
        double worstPoint = 0;
        double sdx = 0;
        double sdy = 0;
        int n = 0;
        try (OnnxFaceDetector det = new OnnxFaceDetector(); OnnxLandmarkDetector lmd = new OnnxLandmarkDetector()) {
            for (int f = 0; f < files.size() && n < 30; f += files.size() / 45) {
                FaceImage img = FaceImage.read(files.get(f));
                List<FaceBox> boxes = det.detect(img);
                if (boxes.isEmpty() || boxes.get(0).width() < 64) {
                    continue;
                }
                FaceBox b = boxes.get(0);
                int w = img.width();
                Landmarks a = lmd.detect(img, b);
                // mirror the box on whole pixels so that the flipped crop holds exactly the mirrored pixels
                int x0 = (int) Math.floor(b.x());
                int x1 = (int) Math.floor(b.x()) + (int) Math.floor(b.width());
                FaceBox fb = new FaceBox(w - x1, b.y(), x1 - x0, b.height(), b.score());
                Landmarks m = lmd.detect(flip(img), fb);
                double k = 256.0 / Math.max(w, img.height());
                double sum = 0;
                for (int i = 0; i < 68; i++) {
                    sdx += (w - 1 - m.x(MIRROR[i]) - a.x(i)) * k / 68;
                    sdy += (m.y(MIRROR[i]) - a.y(i)) * k / 68;
                }
                for (int i = 0; i < 68; i++) {
                    int j = MIRROR[i];
                    double e = Math.hypot(w - 1 - m.x(j) - a.x(i), m.y(j) - a.y(i)) * k;
                    sum += e;
                    worstPoint = Math.max(worstPoint, e);
                }
                double mean = sum / 68;
                worstMean = Math.max(worstMean, mean);
                sumMean += mean;
                n++;
            }
        }
        System.out.printf("flip test on %d faces (256 px scale): mean point error %.3f px, worst image mean %.3f px, "
                + "worst single point %.3f px; mean signed offset (%.3f, %.3f) px%n", n, sumMean / n, worstMean, worstPoint,
                sdx / n, sdy / n);
        assertTrue(n >= 20, "too few faces found: " + n);
        assertTrue(sumMean / n < 2.5, "mean flip error " + sumMean / n);
        assertTrue(worstMean < 4, "worst per-face mean flip error " + worstMean);
    }

    /**
     * {@code FaceFrontEnd}'s mirrored pass mirrors only the part of the photo around the box; it must give the
     * pass on the whole mirrored photo, for boxes inside the photo, across each edge, larger than the photo, and
     * with fractional corners (seeded; the seed is printed).
     */
    @Test
    void mirroredPassOnTheBoxRegionEqualsThePassOnTheWholeMirroredPhoto() throws Exception {
        long seed = 0x5EEDF11BL;
        Random rnd = new Random(seed);
        System.out.println("mirrored-pass region test seed " + seed);
        Path celeba = TestData.celeba();
        List<Path> files;
        try (Stream<Path> s = Files.walk(celeba)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
        }
        try (FaceFrontEnd front = new FaceFrontEnd(1);
             OnnxLandmarkDetector lmd = OnnxLandmarkDetector.packaged(OnnxLandmarkDetector.RESOURCE_ROBUST, 1)) {
            for (Path f : files) {
                FaceImage img = FaceImage.read(f);
                FaceImage whole = flip(img);
                int w = img.width();
                int h = img.height();
                for (int k = 0; k < 12; k++) {
                    double bw = k == 0 ? w + 40 : 40 + rnd.nextDouble() * (w - 40);
                    double bh = k == 0 ? h + 40 : 40 + rnd.nextDouble() * (h - 40);
                    double x = k == 0 ? -20 : -bw / 3 + rnd.nextDouble() * (w - bw / 3);
                    double y = k == 0 ? -20 : -bh / 3 + rnd.nextDouble() * (h - bh / 3);
                    FaceBox box = new FaceBox(x, y, bw, bh, 0.9);
                    Landmarks m = lmd.detect(whole, new FaceBox(w - x - bw, y, bw, bh, 0.9));
                    Landmarks region = front.mirroredPass(img, box);
                    for (int i = 0; i < 68; i++) {
                        assertEquals(w - 1 - m.x(MIRROR[i]), region.x(i), 1e-6, f + " " + box + " point " + i);
                        assertEquals(m.y(MIRROR[i]), region.y(i), 1e-6, f + " " + box + " point " + i);
                    }
                }
            }
        }
    }
}
