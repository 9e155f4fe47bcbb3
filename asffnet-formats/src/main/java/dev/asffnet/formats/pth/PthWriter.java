package dev.asffnet.formats.pth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes float32 tensors as a PyTorch zip checkpoint that {@code torch.load} and {@link PthReader} read:
 * a protocol-2 pickle of an OrderedDict of {@code _rebuild_tensor_v2} tensors, optionally wrapped in a dict
 * under one key (e.g. {@code params}, as ASFFNet512.pth), one stored storage per tensor.
 */
public final class PthWriter {
    private PthWriter() {
    }

    /**
     * @param file the {@code .pth} to write
     * @param tensors the state dict, in order
     * @param wrapKey the top-level key to store the state dict under, or null for a plain state dict
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, Tensor> tensors, String wrapKey) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Pickle p = new Pickle();
        p.op(0x80).op(2).op('}');
        if (wrapKey != null) {
            p.str(wrapKey);
        }
        p.global("collections", "OrderedDict").op(')').op('R').op('(');
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            int[] shape = e.getValue().shape();
            p.str(e.getKey()).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", "FloatStorage").str(Integer.toString(i++)).str("cpu")
                    .integer(e.getValue().numel()).op('t').op('Q');
            p.integer(0).op('(');
            for (int s : shape) {
                p.integer(s);
            }
            p.op('t').op('(');
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }
        p.op('u');
        if (wrapKey != null) {
            p.op('s');
        }
        p.op('.');
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, name + "/data.pkl", p.out.toByteArray());
            i = 0;
            for (Tensor t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.data());
                stored(zip, name + "/data/" + i++, b.array());
            }
            stored(zip, name + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, name + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** A protocol-2 pickle being written (no memo). */
    private static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int b) {
            out.write(b);
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle integer(long v) {
            if (v < 0 || v > Integer.MAX_VALUE) {
                op(0x8a).op(8);
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            } else {
                op('J');
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            }
            return this;
        }
    }
}
