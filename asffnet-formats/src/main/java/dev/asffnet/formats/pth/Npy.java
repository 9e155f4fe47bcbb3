package dev.asffnet.formats.pth;

import dev.asffnet.api.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} arrays (versions 1-3, little-endian {@code <f4} or {@code <f8}, C order), as the
 * parity fixtures store them. Float64 values are also kept exactly by {@link #readDoubles}.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=]?)(f4|f8)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads an array as float32.
     *
     * @param file the {@code .npy} file
     * @return the array as a float32 tensor whose dtype names the stored one ({@code float32} or {@code float64})
     * @throws ModelLoadException if the file cannot be read or is not a little-endian f4/f8
     *     C-order {@code .npy} array
     */
    public static Tensor read(Path file) {
        Parsed p = parse(file);
        float[] f = new float[p.values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) p.values[i];
        }
        return new Tensor(p.dtype, p.shape, f);
    }

    /**
     * Reads an array's values without rounding.
     *
     * @param file the {@code .npy} file
     * @return the values in C order, exactly (float32 widened)
     * @throws ModelLoadException as {@link #read}
     */
    public static double[] readDoubles(Path file) {
        return parse(file).values;
    }

    private record Parsed(String dtype, int[] shape, double[] values) {
    }

    private static Parsed parse(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N' || b[2] != 'U') {
            throw new ModelLoadException(file + " is not a .npy file");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int headerLen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
            throw new ModelLoadException(file + ": only little-endian f4/f8 C-order arrays are read, header " + header);
        }
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = (int) Tensor.numel(shape);
        boolean f8 = d.group(2).equals("f8");
        bb.position(start + headerLen);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = f8 ? bb.getDouble() : bb.getFloat();
        }
        return new Parsed(f8 ? "float64" : "float32", shape, v);
    }
}
