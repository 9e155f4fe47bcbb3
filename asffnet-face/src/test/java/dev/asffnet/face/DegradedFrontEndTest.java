package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.formats.Json;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The front end on degraded faces as users meet them: canonical 128 crops of validation identities
 * (training/split.json), degraded by Eqn 18 at x4 and x8, given without landmarks. The face must be found
 * and its landmarks must stay close to the reference ones (normalised by the outer-eye-corner distance).
 * Bounds sit well inside what the robust net measures (docs/results.md) so a regression fails.
 */
class DegradedFrontEndTest {
    private static final int IMAGES = 16;

    @SuppressWarnings("unchecked")
    private static List<String> validationFiles(Path celeba, Map<String, Landmarks> table) throws Exception {
        Path split = Path.of("../training/split.json");
        List<Object> ids = Json.list(Json.obj(Json.parse(Files.readString(split))).get("val_identities"));
        List<String> files = new ArrayList<>();
        for (Object id : ids) {
            String prefix = (id instanceof Double d ? String.valueOf(d.longValue()) : id.toString()) + "/";
            table.keySet().stream().filter(f -> f.startsWith(prefix)).sorted().limit(1).forEach(files::add);
            if (files.size() == IMAGES) {
                break;
            }
        }
        return files;
    }

    @Test
    void degradedCanonicalCropsAreFoundAndLandmarkedCloseToTheReference() throws Exception {
        Path celeba = TestData.celeba();
        Map<String, Landmarks> table = LandmarkTable.read(celeba.resolve("landmarks68.csv"));
        List<String> files = validationFiles(celeba, table);
        assertEquals(IMAGES, files.size());
        try (FaceFrontEnd front = new FaceFrontEnd(1)) {
            for (int scale : new int[] {4, 8}) {
                double sum = 0;
                int found = 0;
                for (int i = 0; i < files.size(); i++) {
                    FaceImage photo = FaceImage.read(celeba.resolve(files.get(i)));
                    AlignedFace gt = FaceAligner.align(photo, table.get(files.get(i)), 128);
                    FaceImage deg = Degradation.apply(gt.crop(), Degradation.evaluation(1000L * i + scale, scale));
                    Landmarks l;
                    try {
                        l = front.detect(deg);
                        found++;
                    } catch (NoFaceFoundException e) {
                        continue;
                    }
                    Landmarks ref = gt.landmarks();
                    double iod = Math.hypot(ref.x(45) - ref.x(36), ref.y(45) - ref.y(36));
                    double e = 0;
                    for (int k = 0; k < Landmarks.COUNT; k++) {
                        e += Math.hypot(l.x(k) - ref.x(k), l.y(k) - ref.y(k));
                    }
                    sum += e / Landmarks.COUNT / iod;
                }
                double mean = sum / Math.max(1, found);
                System.out.printf("x%d: face found %d/%d, landmark error mean %.3f%n", scale, found, files.size(), mean);
                assertTrue(found >= files.size() - 1, "x" + scale + ": face found on " + found + "/" + files.size());
                assertTrue(mean < (scale == 4 ? 0.08 : 0.12), "x" + scale + ": mean landmark error " + mean);
            }
        }
    }

    @Test
    void implausibleLandmarksAreNamedNotReturned() {
        FaceImage grey = FaceImage.of(64, 64, new float[3 * 64 * 64]);
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {             // a face upside down in its own frame: chin above the eyes
            xy[2 * i] = 10 + (i % 17) * 2.5;
            xy[2 * i + 1] = 50 - (i / 17) * 10;
        }
        Landmarks nonsense = Landmarks.of(xy);
        assertTrue(LandmarkPlausibility.problem(nonsense, new FaceBox(0, 0, 64, 64, 0)).isPresent());
        try (FaceFrontEnd front = new FaceFrontEnd(1)) {
            // a blank image has no face: the net's answer on it must not come back as landmarks
            NoFaceFoundException e = assertThrows(NoFaceFoundException.class, () -> front.detect(grey));
            assertTrue(e.getMessage().contains("blank"), e.getMessage());
            // noise is not blank, but the net's answer on it is not consistent under mirroring
            java.util.Random r = new java.util.Random(2);
            float[] a = new float[3 * 96 * 96];
            for (int k = 0; k < a.length; k++) {
                a[k] = r.nextFloat();
            }
            FaceImage noise = FaceImage.of(96, 96, a);
            NoFaceFoundException n = assertThrows(NoFaceFoundException.class, () -> front.detect(noise));
            assertTrue(n.getMessage().contains("68 landmarks"), n.getMessage());
        }
    }

    @Test
    void refinementBoxFollowsTheTrainingFormula() {
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {
            xy[2 * i] = 20 + (i % 10) * 10;          // x in 20..110: bbox width 90
            xy[2 * i + 1] = 30 + (i / 10) * 10;      // y in 30..90: height 60
        }
        FaceBox b = FaceFrontEnd.refinementBox(Landmarks.of(xy));
        assertEquals(1.2 * 90, b.width(), 1e-9);
        assertEquals(65 - 108 / 2.0, b.x(), 1e-9);
        assertEquals(60 - 0.13 * 90 - 108 / 2.0, b.y(), 1e-9);
    }
}
