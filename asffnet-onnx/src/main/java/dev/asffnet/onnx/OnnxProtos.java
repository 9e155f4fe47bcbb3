package dev.asffnet.onnx;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.formats.pth.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The little of the ONNX protobuf encoding this backend writes and reads itself: appending float32
 * initializers to a serialized model (protobuf merges a repeated {@code ModelProto.graph} field, so the
 * bytes of a second {@code graph} holding only initializers extend the graph's initializer list), and the
 * graph's input names.
 */
final class OnnxProtos {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int VALUE_INFO_NAME = 1;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;

    private OnnxProtos() {
    }

    /** @return {@code model} with {@code weights} appended as float32 initializers */
    static byte[] withInitializers(byte[] model, Map<String, Tensor> weights) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            for (int d : e.getValue().shape()) {
                tag(t, TENSOR_DIMS, 0);
                varint(t, d);
            }
            tag(t, TENSOR_DATA_TYPE, 0);
            varint(t, FLOAT);
            bytes(t, TENSOR_NAME, e.getKey().getBytes(StandardCharsets.UTF_8));
            ByteBuffer raw = ByteBuffer.allocate(4 * e.getValue().numel()).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(e.getValue().data());
            bytes(t, TENSOR_RAW_DATA, raw.array());
            bytes(graph, GRAPH_INITIALIZER, t.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + graph.size() + 16);
        out.writeBytes(model);
        bytes(out, MODEL_GRAPH, graph.toByteArray());
        return out.toByteArray();
    }

    /** @return the names of the graph's inputs, in order */
    static List<String> inputNames(byte[] model) {
        List<String> names = new ArrayList<>();
        try {
            ByteBuffer m = ByteBuffer.wrap(model);
            while (m.hasRemaining()) {
                long key = varint(m);
                ByteBuffer graph = field(m, key);
                if (graph != null && (key >>> 3) == MODEL_GRAPH) {
                    while (graph.hasRemaining()) {
                        long gk = varint(graph);
                        ByteBuffer input = field(graph, gk);
                        if (input != null && (gk >>> 3) == GRAPH_INPUT) {
                            while (input.hasRemaining()) {
                                long ik = varint(input);
                                ByteBuffer name = field(input, ik);
                                if (name != null && (ik >>> 3) == VALUE_INFO_NAME) {
                                    byte[] b = new byte[name.remaining()];
                                    name.get(b);
                                    names.add(new String(b, StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new ModelLoadException("not an ONNX model (protobuf parse failed: " + e + ")", e);
        }
        return names;
    }

    /** Skips or slices one field's value: the slice for length-delimited fields, else null. */
    private static ByteBuffer field(ByteBuffer b, long key) {
        switch ((int) (key & 7)) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 5 -> b.position(b.position() + 4);
            case 2 -> {
                int len = Math.toIntExact(varint(b));
                ByteBuffer s = b.slice(b.position(), len);
                b.position(b.position() + len);
                return s;
            }
            default -> throw new IllegalStateException("unsupported wire type " + (key & 7));
        }
        return null;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static void tag(ByteArrayOutputStream o, int field, int wire) {
        varint(o, ((long) field << 3) | wire);
    }

    private static void bytes(ByteArrayOutputStream o, int field, byte[] b) {
        tag(o, field, 2);
        varint(o, b.length);
        o.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7fL) != 0) {
            o.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }
}
