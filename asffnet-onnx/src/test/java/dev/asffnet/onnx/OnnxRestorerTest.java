package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import dev.asffnet.models.PackagedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code onnx} backend on the embedded default model, through the public API. */
class OnnxRestorerTest {
    private static Restorer restorer;
    private static List<Exemplar> faces;

    @BeforeAll
    static void open() throws Exception {
        restorer = Restorers.open("onnx", RestorerOptions.defaults().withThreads(1));
        faces = sharedFaces(6);
    }

    @AfterAll
    static void close() {
        restorer.close();
    }

    /** Up to n faces of the first identity in ../shared (with stored landmarks), or synthetic ones. */
    static List<Exemplar> sharedFaces(int n) throws Exception {
        Path data = Path.of("../../shared/data/celeba-faces");
        List<Exemplar> out = new ArrayList<>();
        if (Files.isRegularFile(data.resolve("landmarks68.csv"))) {
            for (Map.Entry<String, Landmarks> e : LandmarkTable.read(data.resolve("landmarks68.csv")).entrySet()) {
                if (out.size() == n) {
                    break;
                }
                out.add(new Exemplar(FaceImage.read(data.resolve(e.getKey())), e.getValue()));
            }
            return out;
        }
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            double[] xy = new double[136];
            for (int k = 0; k < 68; k++) {
                double t = 2 * Math.PI * k / 68;
                xy[2 * k] = 100 + 40 * Math.cos(t) + rnd.nextGaussian();
                xy[2 * k + 1] = 100 + 50 * Math.sin(t) + rnd.nextGaussian();
            }
            float[] px = new float[3 * 200 * 200];
            for (int k = 0; k < px.length; k++) {
                px[k] = rnd.nextFloat();
            }
            out.add(new Exemplar(FaceImage.of(200, 200, px), Landmarks.of(xy)));
        }
        return out;
    }

    private static Exemplar degraded(int seed) {
        AlignedFace gt = FaceAligner.align(faces.get(0).image(), faces.get(0).landmarks(), 128);
        return new Exemplar(Degradation.apply(gt.crop(), Degradation.evaluation(seed, 4)), gt.landmarks());
    }

    @Test
    void isFoundByNameAndRestoresAFace() {
        assertTrue(Restorers.available().contains("onnx"));
        assertEquals("onnx", restorer.backend());
        RestoreResult r = restorer.restore(degraded(1), faces.subList(1, faces.size()));
        assertEquals(128, r.restored().width());
        assertEquals(128, r.restored().height());
        assertEquals(faces.size() - 1, r.selection().squaredDistances().length);
        for (float v : r.restored().toArray()) {
            assertTrue(v >= 0f && v <= 1f);
        }
        assertTrue(!r.restored().equals(r.alignedDegraded()), "the network changed the image");
    }

    @Test
    void eightThreadsSharingOneRestorerGiveTheSerialResults() throws Exception {
        List<Exemplar> ex = faces.subList(1, faces.size());
        List<Exemplar> inputs = new ArrayList<>();
        List<float[]> serial = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(degraded(100 + i));
            serial.add(restorer.restore(inputs.get(i), ex).restored().toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int rep = 0; rep < 3; rep++) {
                for (int i = 0; i < 8; i++) {
                    Exemplar in = inputs.get(i);
                    futures.add(pool.submit(() -> restorer.restore(in, ex).restored().toArray()));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertArrayEquals(serial.get(k % 8), futures.get(k).get(), "input " + k % 8);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchedRestoreAllEqualsSingleRestores() {
        List<Exemplar> ex = faces.subList(1, faces.size());
        List<Exemplar> inputs = List.of(degraded(7), degraded(8), degraded(9), degraded(10), degraded(11));
        List<RestoreResult> all = restorer.restoreAll(inputs, ex);
        for (int i = 0; i < inputs.size(); i++) {
            float[] one = restorer.restore(inputs.get(i), ex).restored().toArray();
            float[] batched = all.get(i).restored().toArray();
            float max = 0;
            for (int k = 0; k < one.length; k++) {
                max = Math.max(max, Math.abs(one[k] - batched[k]));
            }
            assertTrue(max < 1e-5f, "face " + i + " differs by " + max);
        }
    }

    @Test
    void badModelFilesAreModelLoadExceptionsThatSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.onnx");
        ModelLoadException m = assertThrows(ModelLoadException.class,
                () -> Restorers.open("onnx", RestorerOptions.defaults().withModelFile(missing)));
        assertTrue(m.getMessage().contains("not found"), m.getMessage());

        Path corrupt = dir.resolve("corrupt.onnx");
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        Files.write(corrupt, junk);
        assertThrows(ModelLoadException.class, () -> Restorers.open("onnx", RestorerOptions.defaults().withModelFile(corrupt)));

        Path wrong = dir.resolve("landmarks.onnx");
        Files.write(wrong, ModelFiles.resource(PackagedModels::open, PackagedModels.FACE_DIR + "face_landmark_68.onnx"));
        ModelLoadException w = assertThrows(ModelLoadException.class,
                () -> Restorers.open("onnx", RestorerOptions.defaults().withModelFile(wrong)));
        assertTrue(w.getMessage().contains("needs input"), w.getMessage());
    }

    @Test
    void landmarkWeightsFileDrivesTheSelection(@TempDir Path dir) throws Exception {
        double[] w = new double[68];
        Random rnd = new Random(17);
        for (int m = 0; m < 68; m++) {
            w[m] = m >= 36 && m < 48 ? 20 + rnd.nextDouble() : 0.01 + 0.1 * rnd.nextDouble();  // eyes dominate
        }
        Path file = dir.resolve("weights.txt");
        LandmarkWeights.of(w).save(file);
        Exemplar d = degraded(2);
        List<Exemplar> ex = faces.subList(1, faces.size());
        List<Landmarks> exLandmarks = ex.stream().map(Exemplar::landmarks).toList();
        double[] fileDist;
        try (Restorer r = Restorers.open("onnx", RestorerOptions.defaults().withThreads(1).withLandmarkWeightsFile(file))) {
            fileDist = r.restore(d, ex).selection().squaredDistances();
        }
        double[] uniformDist = restorer.restore(d, ex).selection().squaredDistances();
        double[] expect = new AffineDistanceSelector(LandmarkWeights.of(w)).select(d.landmarks(), exLandmarks).squaredDistances();
        // the restorer works on crop landmarks (a similarity of the input's): distances agree up to one scale
        double ratio = fileDist[0] / expect[0];
        double uniformRatioSpread = 0;
        for (int k = 0; k < expect.length; k++) {
            assertEquals(ratio, fileDist[k] / expect[k], 1e-6 * ratio, "candidate " + k);
            uniformRatioSpread = Math.max(uniformRatioSpread, Math.abs(uniformDist[k] / expect[k] / (uniformDist[0] / expect[0]) - 1));
        }
        assertTrue(uniformRatioSpread > 1e-3, "the packaged weights rank differently from the file's: " + uniformRatioSpread);

        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> Restorers.open("onnx",
                RestorerOptions.defaults().withLandmarkWeightsFile(dir.resolve("none.txt"))));
        assertTrue(missing.getMessage().contains("landmark weights") && missing.getMessage().contains("none.txt"),
                missing.getMessage());
        Path short67 = dir.resolve("short.txt");
        Files.writeString(short67, "1\n".repeat(67));
        ModelLoadException bad = assertThrows(ModelLoadException.class, () -> Restorers.open("onnx",
                RestorerOptions.defaults().withLandmarkWeightsFile(short67)));
        assertTrue(bad.getMessage().contains("expected 68 weights, found 67"), bad.getMessage());
    }

    @Test
    void cudaFallsBackToCpuAndStrictCudaFailsOnTheCpuArtifact() {
        try (Restorer r = Restorers.open("onnx", RestorerOptions.defaults().withDevice(RestorerOptions.Device.CUDA))) {
            assertEquals(128, r.restore(degraded(3), faces.subList(1, 3)).restored().width());
        }
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Restorers.open("onnx", RestorerOptions.defaults().withDevice(RestorerOptions.Device.CUDA_STRICT)));
        assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
    }
}
