package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.Restorers;
import dev.asffnet.models.PackagedModels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 'tf' and 'onnx' restorers on the packaged default model give the same faces through the whole pipeline. */
class TfRestorerEndToEndTest {

    /** A rough frontal 68-point face in a {@code size} frame, rotated by {@code angle}, with jitter. */
    static Landmarks face(Random r, double size, double angle, double jitter) {
        double[] xy = new double[136];
        int k = 0;
        for (int i = 0; i <= 16; i++) { // jaw
            double t = Math.PI * i / 16;
            xy[k++] = 0.5 - 0.34 * Math.cos(t);
            xy[k++] = 0.4 + 0.5 * Math.sin(t);
        }
        for (int i = 0; i < 10; i++) { // brows
            xy[k++] = i < 5 ? 0.24 + 0.055 * i : 0.54 + 0.055 * (i - 5);
            xy[k++] = 0.31;
        }
        for (int i = 0; i < 9; i++) { // nose bridge and base
            xy[k++] = i < 4 ? 0.5 : 0.42 + 0.04 * (i - 4);
            xy[k++] = i < 4 ? 0.38 + 0.06 * i : 0.61;
        }
        for (int i = 0; i < 12; i++) { // eyes
            double t = 2 * Math.PI * (i % 6) / 6;
            xy[k++] = (i < 6 ? 0.34 : 0.66) - 0.06 * Math.cos(t);
            xy[k++] = 0.42 - 0.025 * Math.sin(t);
        }
        for (int i = 0; i < 20; i++) { // mouth
            double t = 2 * Math.PI * (i < 12 ? i / 12.0 : (i - 12) / 8.0);
            double w = i < 12 ? 0.14 : 0.08;
            xy[k++] = 0.5 - w * Math.cos(t);
            xy[k++] = 0.74 - (i < 12 ? 0.05 : 0.02) * Math.sin(t);
        }
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        for (int i = 0; i < 68; i++) {
            double x = (xy[2 * i] - 0.5) * size;
            double y = (xy[2 * i + 1] - 0.5) * size;
            xy[2 * i] = c * x - s * y + size / 2 + r.nextGaussian() * jitter;
            xy[2 * i + 1] = s * x + c * y + size / 2 + r.nextGaussian() * jitter;
        }
        return Landmarks.of(xy);
    }

    static FaceImage image(Random r, int w, int h) {
        float[] chw = new float[3 * w * h];
        for (int i = 0; i < chw.length; i++) {
            int x = i % w;
            int y = (i / w) % h;
            chw[i] = (float) (0.5 + 0.3 * Math.sin(0.07 * x + 0.05 * y + i / (w * h)) + 0.1 * r.nextFloat());
        }
        return FaceImage.of(w, h, chw);
    }

    @Test
    void tfAndOnnxRestorersAgree() {
        assumeTrue(getClass().getResource(PackagedModels.ASFFNET_WEIGHTS) != null, "no packaged weights yet");
        assumeTrue(getClass().getResource(PackagedModels.ASFFNET_ONNX) != null, "no packaged ONNX model yet");
        Random r = new Random(5);
        Exemplar d1 = new Exemplar(image(r, 64, 64), face(r, 64, 0.05, 0.3));
        Exemplar d2 = new Exemplar(image(r, 160, 160), face(r, 160, -0.1, 0.5));
        List<Exemplar> ex = List.of(new Exemplar(image(r, 200, 200), face(r, 200, 0.1, 0.5)),
                new Exemplar(image(r, 150, 150), face(r, 150, -0.05, 0.5)));
        try (Restorer tf = Restorers.open("tf"); Restorer onnx = Restorers.open("onnx")) {
            assertEquals("tf", tf.backend());
            List<RestoreResult> a = tf.restoreAll(List.of(d1, d2), ex);
            List<RestoreResult> b = onnx.restoreAll(List.of(d1, d2), ex);
            for (int i = 0; i < 2; i++) {
                float[] x = a.get(i).restored().toArray();
                float[] y = b.get(i).restored().toArray();
                float err = TestModels.maxAbs(x, y);
                System.out.printf("restorer tf vs onnx, face %d: max abs %.3g%n", i, err);
                assertTrue(err < 1e-4f, "face " + i + ": max abs " + err);
            }
        }
    }

    /** The README's flow on {@code tf}: a real face photo without landmarks, detected by the shared front end. */
    @Test
    void tfRestoresAFaceImageAndAPhotoWithTheSharedFrontEnd() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "..", "shared", "data", "celeba-faces", "7206")
                .toAbsolutePath().normalize();
        assumeTrue(java.nio.file.Files.isDirectory(dir), "shared face data absent: " + dir);
        List<java.nio.file.Path> files;
        try (var s = java.nio.file.Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(4).toList();
        }
        try (Restorer tf = Restorers.open("tf"); Restorer onnx = Restorers.open("onnx");
             dev.asffnet.face.FaceFrontEnd front = new dev.asffnet.face.FaceFrontEnd()) {
            List<Exemplar> ex = new java.util.ArrayList<>();
            for (java.nio.file.Path f : files.subList(1, files.size())) {
                FaceImage img = FaceImage.read(f);
                ex.add(new Exemplar(img, front.detect(img)));
            }
            FaceImage photo = FaceImage.read(files.get(0));
            RestoreResult a = tf.restore(photo, ex);
            RestoreResult b = onnx.restore(photo, ex);
            assertEquals(a.selection().index(), b.selection().index());
            assertTrue(TestModels.maxAbs(a.restored().toArray(), b.restored().toArray()) < 1e-4f);
            dev.asffnet.api.PhotoResult p = tf.restorePhoto(photo, ex);
            assertEquals(photo.width(), p.image().width());
            assertEquals(photo.height(), p.image().height());
            assertTrue(p.faces().size() >= 1);
        }
    }
}
