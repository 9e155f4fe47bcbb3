package dev.asffnet.formats;

import dev.asffnet.api.ModelLoadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw weights format the training pipeline exports (docs/training.md): magic {@code ASWT}, int32 version,
 * int32 tensor count, then per tensor int32 name length, UTF-8 name, int32 rank, rank int32 dims and the
 * float32 data, all little-endian. Names and layouts are PyTorch's ({@code state_dict} keys, OIHW convs).
 */
public final class AswtFile {
    /** Highest format version this reader understands. */
    public static final int VERSION = 1;
    private static final int MAX_RANK = 8;
    private static final int MAX_NAME = 4096;

    /**
     * One tensor: row-major {@code data} of the given {@code shape}.
     *
     * @param shape the dimensions, outermost first
     * @param data the values, row-major
     */
    public record Tensor(int[] shape, float[] data) {
        /**
         * Checks that the data length matches the shape.
         *
         * @param shape the dimensions
         * @param data the values
         * @throws IllegalArgumentException if {@code data} does not hold {@code numel(shape)} values
         */
        public Tensor {
            if (data.length != numel(shape)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape)
                        + " values, got " + data.length);
            }
        }

        /**
         * Number of elements of a tensor of the given shape.
         *
         * @param shape the dimensions
         * @return the product of the dimensions (1 for rank 0)
         */
        public static long numel(int[] shape) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape);
        }
    }

    private AswtFile() {
    }

    /**
     * Reads all tensors, in file order.
     *
     * @param what names the source in error messages
     * @param in the stream, read to its end (not closed)
     * @return tensor name to tensor, in file order
     * @throws ModelLoadException if the bytes are not a well-formed ASWT file
     */
    public static Map<String, Tensor> read(InputStream in, String what) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + what + ": " + e.getMessage(), e);
        }
        return read(bytes, what);
    }

    /**
     * Reads all tensors from {@code bytes}, in file order.
     *
     * @param bytes the whole file
     * @param what names the source in error messages
     * @return tensor name to tensor, in file order
     * @throws ModelLoadException if the bytes are not a well-formed ASWT file
     */
    public static Map<String, Tensor> read(byte[] bytes, String what) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || bytes[0] != 'A' || bytes[1] != 'S' || bytes[2] != 'W' || bytes[3] != 'T') {
            throw new ModelLoadException(what + " is not an ASWT weights file (no 'ASWT' magic at the start; "
                    + bytes.length + " bytes)");
        }
        b.position(4);
        int version = b.getInt();
        if (version < 1 || version > VERSION) {
            throw new ModelLoadException(what + " has ASWT format version " + version + "; this reader supports 1.."
                    + VERSION);
        }
        int count = b.getInt();
        if (count < 0) {
            throw new ModelLoadException(what + " is corrupt: negative tensor count " + count);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String at = what + " is corrupt or truncated at tensor " + i + " of " + count + " (offset "
                    + b.position() + " of " + bytes.length + "): ";
            int len = readInt(b, at + "no name length");
            if (len <= 0 || len > MAX_NAME || len > b.remaining()) {
                throw new ModelLoadException(at + "bad name length " + len);
            }
            byte[] nb = new byte[len];
            b.get(nb);
            String name;
            try {
                name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(nb)).toString();
            } catch (CharacterCodingException e) {
                throw new ModelLoadException(at + "tensor name is not UTF-8", e);
            }
            int rank = readInt(b, at + "no rank for '" + name + "'");
            if (rank < 0 || rank > MAX_RANK) {
                throw new ModelLoadException(at + "tensor '" + name + "' has bad rank " + rank);
            }
            int[] shape = new int[rank];
            for (int r = 0; r < rank; r++) {
                shape[r] = readInt(b, at + "dims of '" + name + "' cut off");
                if (shape[r] < 0) {
                    throw new ModelLoadException(at + "tensor '" + name + "' has negative dim " + shape[r]);
                }
            }
            long n = Tensor.numel(shape);
            if (n * 4 > b.remaining()) {
                throw new ModelLoadException(at + "tensor '" + name + "' " + Arrays.toString(shape) + " needs "
                        + n * 4 + " bytes of data, only " + b.remaining() + " left");
            }
            float[] data = new float[(int) n];
            b.asFloatBuffer().get(data);
            b.position(b.position() + (int) n * 4);
            if (out.put(name, new Tensor(shape, data)) != null) {
                throw new ModelLoadException(what + " is corrupt: tensor '" + name + "' appears twice");
            }
        }
        if (b.hasRemaining()) {
            throw new ModelLoadException(what + " is corrupt: " + b.remaining() + " trailing bytes after the "
                    + count + " tensors its header announces");
        }
        return out;
    }

    private static int readInt(ByteBuffer b, String error) {
        if (b.remaining() < 4) {
            throw new ModelLoadException(error);
        }
        return b.getInt();
    }

    /**
     * Writes tensors in the ASWT format (used by tests and tools).
     *
     * @param out the stream to write to (not closed)
     * @param tensors tensor name to tensor, written in iteration order
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'A', 'S', 'W', 'T'}).putInt(VERSION).putInt(tensors.size());
        header.write(h.array());
        out.write(header.toByteArray());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] shape = e.getValue().shape();
            float[] data = e.getValue().data();
            ByteBuffer t = ByteBuffer.allocate(8 + name.length + 4 * shape.length + 4 * data.length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            t.putInt(name.length).put(name).putInt(shape.length);
            for (int d : shape) {
                t.putInt(d);
            }
            for (float f : data) {
                t.putFloat(f);
            }
            out.write(t.array());
        }
    }
}
