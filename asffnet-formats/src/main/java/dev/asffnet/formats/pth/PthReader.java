package dev.asffnet.formats.pth;

import dev.asffnet.api.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch checkpoint in the zip format of {@code torch.save} (PyTorch 1.6 and later):
 * {@code <name>/data.pkl}, a pickle of dicts and tensors, and {@code <name>/data/<key>}, the raw
 * little-endian storages. The pickle is read by a restricted reader that builds only containers and tensors
 * and refuses every other global, so loading never executes code. Legacy (non-zip) checkpoints and
 * TorchScript archives are refused with a message saying how to re-save them.
 */
public final class PthReader {
    private static final String RESAVE = "torch.save(torch.load(f), f2, _use_new_zipfile_serialization=True)";

    private PthReader() {
    }

    /**
     * Reads the state dict of a checkpoint: the sub-dict under {@code params} (as the authors' ASFFNet512.pth
     * stores it), else under {@code state_dict}, else the top-level dict when all its values are tensors.
     * Other dtypes are converted to float32; {@link StateDict#source()} says where the tensors were found.
     *
     * @param file the {@code .pth} file
     * @return its tensors in stored order
     * @throws ModelLoadException if the file is missing, not a zip checkpoint, refers to any global other than
     *     tensors and OrderedDict, or holds no state dict
     */
    public static StateDict read(Path file) {
        Object top = readObject(file);
        String what = "checkpoint " + file;
        if (!(top instanceof Map<?, ?> m)) {
            throw new ModelLoadException(what + " holds a " + top.getClass().getSimpleName()
                    + ", not a dict; save a state dict: torch.save({'params': model.state_dict()}, f)");
        }
        if (!m.isEmpty() && m.values().stream().allMatch(v -> v instanceof Tensor)) {
            return stateDict(m, "top level", what);
        }
        for (String key : new String[] {"params", "state_dict"}) {
            if (m.get(key) instanceof Map<?, ?> sub) {
                return stateDict(sub, key, what);
            }
        }
        throw new ModelLoadException(what + " has no state dict: its top-level keys are " + m.keySet()
                + "; expected the tensors under 'params' (as in ASFFNet512.pth), under 'state_dict', or at the top");
    }

    private static StateDict stateDict(Map<?, ?> m, String source, String what) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Tensor t)) {
                throw new ModelLoadException(what + ": entry '" + e.getKey() + "' of the state dict ("
                        + source + ") is not a tensor");
            }
            out.put((String) e.getKey(), t);
        }
        return new StateDict(out, source);
    }

    /**
     * The unpickled object of a zip checkpoint: maps ({@link java.util.LinkedHashMap}), lists, strings,
     * {@code Long}, {@code Double}, {@code Boolean}, null and {@link Tensor}.
     *
     * @param file the {@code .pth} file
     * @return the unpickled top-level object
     * @throws ModelLoadException as {@link #read}
     */
    public static Object readObject(Path file) {
        String what = "checkpoint " + file;
        if (file == null || !Files.isRegularFile(file)) {
            throw new ModelLoadException("PyTorch checkpoint not found: " + file);
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) < 2) {
                throw new ModelLoadException(what + " is empty or truncated");
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + what + ": " + e.getMessage(), e);
        }
        if (head[0] == (byte) 0x80) {
            throw new ModelLoadException(what + " is a legacy (non-zip) PyTorch checkpoint, which is not read "
                    + "(it needs the full Python unpickler). Re-save it once with PyTorch >= 1.6: " + RESAVE);
        }
        if (head[0] != 'P' || head[1] != 'K') {
            throw new ModelLoadException(what + " is not a PyTorch checkpoint (no zip header)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.endsWith("/constants.pkl") || n.contains("/code/")) {
                    throw new ModelLoadException(what + " is a TorchScript archive, not a checkpoint; save the "
                            + "weights instead: torch.save({'params': model.state_dict()}, f)");
                }
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw new ModelLoadException(what + " is a zip file without <name>/data.pkl: not a torch.save file");
            }
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null && !"little".equals(new String(bytes(zip, order, what), StandardCharsets.US_ASCII).trim())) {
                throw new ModelLoadException(what + " was saved on a big-endian machine; re-save it on a "
                        + "little-endian one");
            }
            byte[] pickle = bytes(zip, zip.getEntry(prefix + "data.pkl"), what);
            String dataPrefix = prefix + "data/";
            Map<String, float[]> cache = new HashMap<>();
            return new RestrictedUnpickler(pickle, s -> cache.computeIfAbsent(s.key(),
                    k -> storage(zip, dataPrefix + k, s, what)), what).load();
        } catch (ZipException e) {
            throw new ModelLoadException(what + " is a corrupt zip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static float[] storage(ZipFile zip, String name, RestrictedUnpickler.Storage s, String what) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelLoadException(what + " lacks the storage " + name);
        }
        byte[] raw = bytes(zip, e, what);
        int size = switch (s.dtype()) {
            case "float64", "int64" -> 8;
            case "float32", "int32" -> 4;
            case "float16", "bfloat16", "int16" -> 2;
            default -> 1;
        };
        if (raw.length < s.numel() * size) {
            throw new ModelLoadException(what + ": storage " + name + " holds " + raw.length + " bytes, fewer than "
                    + s.numel() + " " + s.dtype() + " elements");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (s.dtype()) {
                case "float32" -> b.getFloat();
                case "float64" -> (float) b.getDouble();
                case "float16" -> halfToFloat(b.getShort());
                case "bfloat16" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                case "int64" -> (float) b.getLong();
                case "int32" -> (float) b.getInt();
                case "int16" -> (float) b.getShort();
                case "int8" -> (float) b.get();
                default -> (float) (b.get() & 0xff);   // uint8, bool
            };
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (exact). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static byte[] bytes(ZipFile zip, ZipEntry e, String what) {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read " + e.getName() + " of " + what + ": " + ex.getMessage(), ex);
        }
    }
}
