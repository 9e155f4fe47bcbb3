package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.Caches;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionsTest {
    private static final int SIZE = 112;

    @Test
    void zeroThreadsMeansOnePerProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), OnnxSessions.intraOpThreads(0));
        assertEquals(3, OnnxSessions.intraOpThreads(3));
        assertThrows(InvalidInputException.class, () -> OnnxSessions.intraOpThreads(-1));
    }

    private static byte[] landmarkModel() {
        return ModelFiles.resource(PackagedModels::open, FaceNets.RESOURCE_DIR + OnnxLandmarkDetector.RESOURCE);
    }

    private static float[] landmarks(OrtSession s, float[] input) {
        return FaceNets.run(s, FaceNets.inputBuffers(), "test", input, 1, SIZE, "landmarks")[0];
    }

    @Test
    void optimisedModelIsCachedOnceAndGivesTheSameOutputs(@TempDir Path dir) throws Exception {
        byte[] model = landmarkModel();
        float[] input = new float[3 * SIZE * SIZE];
        Random r = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
        }
        float[] plain;
        try (OrtSession s = OnnxSessions.open(model, "plain", RestorerOptions.Device.CPU, 1, false, Optional.empty())) {
            plain = landmarks(s, input);
        }
        Path file = dir.resolve(OnnxSessions.cacheKey(OrtEnvironment.getEnvironment(), model) + ".onnx");
        float[] first;
        try (OrtSession s = OnnxSessions.open(model, "first", RestorerOptions.Device.CPU, 1, false, Optional.of(dir))) {
            first = landmarks(s, input);
        }
        assertTrue(Files.isRegularFile(file), "optimised model written");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the cache file, no temporary left");
        }
        FileTime written = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() - 60_000));
        FileTime marked = Files.getLastModifiedTime(file);
        float[] second;
        try (OrtSession s = OnnxSessions.open(model, "second", RestorerOptions.Device.CPU, 1, false, Optional.of(dir))) {
            second = landmarks(s, input);
        }
        assertEquals(marked, Files.getLastModifiedTime(file), "second open reads the cache, does not rewrite it");
        assertArrayEquals(plain, first, 1e-4f);
        assertArrayEquals(plain, second, 1e-4f);
    }

    @Test
    void damagedCacheFileIsReplaced(@TempDir Path dir) throws Exception {
        byte[] model = landmarkModel();
        Path file = dir.resolve(OnnxSessions.cacheKey(OrtEnvironment.getEnvironment(), model) + ".onnx");
        Files.writeString(file, "not a model");
        try (OrtSession s = OnnxSessions.open(model, "damaged", RestorerOptions.Device.CPU, 1, false, Optional.of(dir))) {
            assertEquals(1, s.getInputInfo().size());
        }
        assertNotEquals("not a model", new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(Files.size(file) > 1000);
    }

    @Test
    void unwritableCacheMeansNoCache(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        assertFalse(Caches.writableFolder(notAFolder, "onnx").isPresent());
        try (OrtSession s = OnnxSessions.open(landmarkModel(), "no cache", RestorerOptions.Device.CPU, 1, false,
                Caches.writableFolder(notAFolder, "onnx"))) {
            assertEquals(1, s.getInputInfo().size());
        }
    }

    @Test
    void cacheKeyFollowsTheModelBytes() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        assertEquals(OnnxSessions.cacheKey(env, new byte[] {1, 2}), OnnxSessions.cacheKey(env, new byte[] {1, 2}));
        assertNotEquals(OnnxSessions.cacheKey(env, new byte[] {1, 2}), OnnxSessions.cacheKey(env, new byte[] {1, 3}));
        assertTrue(OnnxSessions.cacheKey(env, new byte[] {1}).contains("-ort" + env.getVersion()));
    }
}
