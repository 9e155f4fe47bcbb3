package dev.asffnet.formats.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restricted .pth reader on files written by torch 1.13 (tiny*.pth, made once, see PthFiles.md). */
class PthReaderTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = PthReaderTest.class.getResourceAsStream(name)) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void readsTorchZipCheckpointUnderParams() throws IOException {
        StateDict sd = PthReader.read(resource("tiny.pth"));
        assertEquals("params", sd.source());
        assertEquals(List.of("conv.weight", "conv.bias", "conv.weight_t", "tail", "half", "double", "count"),
                List.copyOf(sd.tensors().keySet()));
        Tensor w = sd.get("conv.weight");
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, w.data());
        assertArrayEquals(new float[] {0.5f, -1.25f}, sd.get("conv.bias").data());
        // a transposed view of the same storage (stride 1, 3) and a view at storage offset 4
        assertArrayEquals(new int[] {3, 2}, sd.get("conv.weight_t").shape());
        assertArrayEquals(new float[] {0, 0.75f, 0.25f, 1f, 0.5f, 1.25f}, sd.get("conv.weight_t").data());
        assertArrayEquals(new float[] {1f, 1.25f}, sd.get("tail").data());
        assertEquals("float16", sd.get("half").dtype());
        assertArrayEquals(new float[] {1.5f, -2f}, sd.get("half").data());
        assertArrayEquals(new float[] {3.25f}, sd.get("double").data());
        assertArrayEquals(new int[0], sd.get("count").shape());
        assertArrayEquals(new float[] {7f}, sd.get("count").data());
        Map<?, ?> top = (Map<?, ?>) PthReader.readObject(dir.resolve("tiny.pth"));
        assertEquals(3L, top.get("epoch"));
        assertEquals("tiny test checkpoint", top.get("note"));
    }

    @Test
    void readsPlainStateDictAtTopLevel() throws IOException {
        StateDict sd = PthReader.read(resource("tiny-plain.pth"));
        assertEquals("top level", sd.source());
        assertEquals(7, sd.tensors().size());
    }

    @Test
    void refusesLegacyCheckpointWithResaveInstructions() throws IOException {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> PthReader.read(resource("tiny-legacy.pth")));
        assertTrue(e.getMessage().contains("legacy") && e.getMessage().contains("_use_new_zipfile_serialization=True"),
                e.getMessage());
    }

    @Test
    void refusesForbiddenGlobalWithoutExecutingIt() throws IOException {
        // pickle of os.system('touch <marker>') as CPython 3 writes it on Linux (module 'posix')
        Path marker = dir.resolve("executed");
        byte[] cmd = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        p.write('X');
        p.writeBytes(new byte[] {(byte) cmd.length, 0, 0, 0});
        p.writeBytes(cmd);
        p.write(0x85);
        p.write('R');
        p.write('.');
        Path f = zip("evil.pth", Map.of("evil/data.pkl", p.toByteArray()));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> PthReader.read(f));
        assertTrue(e.getMessage().contains("'posix.system'") && e.getMessage().contains("never executes code"),
                e.getMessage());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void refusesObjectBuildingOpcodes() throws IOException {
        // NEWOBJ (0x81) on an allowed global still builds an object: refused by opcode
        byte[] pkl = "\u0080\u0002ccollections\nOrderedDict\n)\u0081.".getBytes(StandardCharsets.ISO_8859_1);
        Path f = zip("newobj.pth", Map.of("newobj/data.pkl", pkl));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> PthReader.read(f));
        assertTrue(e.getMessage().contains("opcode 0x81"), e.getMessage());
    }

    @Test
    void malformedPickleIsModelLoadException() throws IOException {
        // OrderedDict called with an integer instead of a list of pairs; then a pickle cut off mid-string
        byte[] bad = "\u0080\u0002ccollections\nOrderedDict\nK\u0005\u0085R.".getBytes(StandardCharsets.ISO_8859_1);
        Path f = zip("bad.pth", Map.of("bad/data.pkl", bad));
        assertTrue(assertThrows(ModelLoadException.class, () -> PthReader.read(f)).getMessage().contains("expected a list"));
        byte[] cut = "\u0080\u0002X\u0010\u0000\u0000\u0000abc".getBytes(StandardCharsets.ISO_8859_1);
        Path g = zip("cut.pth", Map.of("cut/data.pkl", cut));
        assertTrue(assertThrows(ModelLoadException.class, () -> PthReader.read(g)).getMessage().contains("truncated"));
    }

    @Test
    void refusesNonCheckpoints() throws IOException {
        Path f = dir.resolve("x.pth");
        Files.writeString(f, "hello");
        assertTrue(assertThrows(ModelLoadException.class, () -> PthReader.read(f)).getMessage().contains("not a PyTorch"));
        assertThrows(ModelLoadException.class, () -> PthReader.read(dir.resolve("absent.pth")));
        Path ts = zip("ts.pt", Map.of("ts/data.pkl", new byte[] {'.'}, "ts/constants.pkl", new byte[] {'.'}));
        assertTrue(assertThrows(ModelLoadException.class, () -> PthReader.read(ts)).getMessage().contains("TorchScript"));
    }

    @Test
    void writerRoundTripsUnderParamsAndPlain() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a.weight_orig", Tensor.of(new float[] {1, -2, 3.5f, 4, 5, 6}, 2, 1, 3));
        t.put("a.bias", Tensor.of(new float[] {0.25f, 1e-7f}, 2));
        t.put("scalar", Tensor.of(new float[] {9}));
        Path f = dir.resolve("w.pth");
        PthWriter.write(f, t, "params");
        StateDict sd = PthReader.read(f);
        assertEquals("params", sd.source());
        assertEquals(List.copyOf(t.keySet()), List.copyOf(sd.tensors().keySet()));
        for (String k : t.keySet()) {
            assertArrayEquals(t.get(k).shape(), sd.get(k).shape(), k);
            assertArrayEquals(t.get(k).data(), sd.get(k).data(), k);
        }
        PthWriter.write(f, t, null);
        assertEquals("top level", PthReader.read(f).source());
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }
}
