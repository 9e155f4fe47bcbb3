package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceEmbedder;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ONNX port against the original JavaScript package: js_reference.json holds the outputs of
 * tools/face-models/js-reference.mjs (@vladmandic/face-api 1.7.15, tfjs 4.22 pure-JS CPU backend) on the
 * celeba-faces images it lists, decoded by the same ImageIO. Only numbers and file ids are committed; the
 * images are read from ../shared at run time (skipped when absent). Errors are measured at a 256 px scale
 * (pixel error * 256 / image side).
 */
class JsParityTest {
    private static OnnxFaceDetector detector;
    private static OnnxLandmarkDetector landmarks;
    private static OnnxFaceEmbedder embedder;

    @BeforeAll
    static void open() {
        detector = new OnnxFaceDetector();
        landmarks = new OnnxLandmarkDetector();
        embedder = new OnnxFaceEmbedder();
    }

    @AfterAll
    static void close() {
        detector.close();
        landmarks.close();
        embedder.close();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> reference() throws Exception {
        try (InputStream in = JsParityTest.class.getResourceAsStream("js_reference.json")) {
            Map<String, Object> root = (Map<String, Object>) TestData.parseJson(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("images");
        }
    }

    @Test
    void matchesFaceApiJs() throws Exception {
        Path celeba = TestData.celeba();
        double worstBox = 0;
        double worstLm = 0;
        double worstFixed = 0;
        double worstCos = 1;
        double worstE2eLm = 0;
        double worstE2eCos = 1;
        StringBuilder report = new StringBuilder();
        for (Map<String, Object> ref : reference()) {
            String id = (String) ref.get("id");
            FaceImage img = FaceImage.read(celeba.resolve(id));
            double k = 256.0 / Math.max(img.width(), img.height());
            List<?> jsDets = (List<?>) ref.get("detections");
            List<FaceBox> dets = detector.detect(img);
            assertEquals(jsDets.size(), dets.size(), id + ": number of faces");
            for (int i = 0; i < dets.size(); i++) {
                double[] b = TestData.doubles(jsDets.get(i));
                FaceBox d = dets.get(i);
                double err = Math.max(Math.max(Math.abs(d.x() - b[0]), Math.abs(d.y() - b[1])),
                        Math.max(Math.abs(d.x() + d.width() - b[0] - b[2]), Math.abs(d.y() + d.height() - b[1] - b[3])));
                worstBox = Math.max(worstBox, err * k);
                assertEquals(b[4], d.score(), 1e-3, id + ": score");
            }
            // landmarks on the JS box (isolates the landmark net)
            double[] fb = TestData.doubles(ref.get("fixedBox"));
            Landmarks fixed = landmarks.detect(img, new FaceBox(fb[0], fb[1], fb[2], fb[3], 1));
            worstFixed = Math.max(worstFixed, maxErr(fixed, TestData.doubles(ref.get("fixedLandmarks"))) * k);
            if (!jsDets.isEmpty()) {
                double[] b = TestData.doubles(jsDets.get(0));
                Landmarks lm = landmarks.detect(img, new FaceBox(b[0], b[1], b[2], b[3], b[4]));
                double[] jsLm = TestData.doubles(ref.get("landmarks"));
                worstLm = Math.max(worstLm, maxErr(lm, jsLm) * k);
                double[] ab = TestData.doubles(ref.get("alignedBox"));
                FaceBox aligned = OnnxFaceEmbedder.alignedBox(Landmarks.of(jsLm));
                assertEquals(ab[0], aligned.x(), 0, id + ": aligned box x");
                assertEquals(ab[1], aligned.y(), 0, id + ": aligned box y");
                float[] jsDesc = toFloats(TestData.doubles(ref.get("descriptor")));
                float[] desc = embedder.descriptor(img, new FaceBox(ab[0], ab[1], ab[2], ab[3], 1));
                double cos = FaceEmbedder.cosine(desc, jsDesc);
                worstCos = Math.min(worstCos, cos);
                // end to end through our own detector box
                Landmarks e2e = landmarks.detect(img, dets.get(0));
                worstE2eLm = Math.max(worstE2eLm, maxErr(e2e, jsLm) * k);
                worstE2eCos = Math.min(worstE2eCos, FaceEmbedder.cosine(embedder.embed(img, e2e), jsDesc));
                report.append(String.format("%s box0=%s cos=%.7f%n", id, dets.get(0), cos));
            }
        }
        System.out.printf("JS parity (256 px scale): box %.2e px, landmarks %.2e px (fixed box %.2e px), "
                + "descriptor 1 - cosine %.2e; end to end: landmarks %.2e px, 1 - cosine %.2e%n%s",
                worstBox, worstLm, worstFixed, 1 - worstCos, worstE2eLm, 1 - worstE2eCos, report);
        assertTrue(worstBox < 2, "box error " + worstBox);
        assertTrue(worstLm < 1, "landmark error " + worstLm);
        assertTrue(worstFixed < 1, "landmark error on the fixed box " + worstFixed);
        assertTrue(worstCos > 0.999, "descriptor cosine " + worstCos);
        assertTrue(worstE2eLm < 1, "end-to-end landmark error " + worstE2eLm);
        assertTrue(worstE2eCos > 0.999, "end-to-end cosine " + worstE2eCos);
    }

    static double maxErr(Landmarks lm, double[] xy) {
        double m = 0;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            m = Math.max(m, Math.hypot(lm.x(i) - xy[2 * i], lm.y(i) - xy[2 * i + 1]));
        }
        return m;
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
