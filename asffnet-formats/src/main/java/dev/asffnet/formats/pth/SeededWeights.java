package dev.asffnet.formats.pth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Portable seeded weights for parity tests without real weights or Python (the ASFFNet512 fixture's spec):
 * SplitMix64, {@code stream(s, k) = mix64(s + k * 0x9E3779B97F4A7C15)}. Entry {@code i} of the spec has seed
 * {@code s_i = stream(seed, i + 1)}; its element {@code k} is {@code float32(t * a)} with
 * {@code t = ((stream(s_i, k + 1) >>> 40) - 2^23) / 2^23}, {@code a = float32(sqrt(3 / fan_in))} for weights,
 * {@code 0.05} for biases. Spectral-norm buffers: {@code v = W[0] / |W[0]|}, {@code u = W v / |W v|} in
 * float64 over {@code W = weight_orig} as {@code [C_out, -1]}.
 */
public final class SeededWeights {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeededWeights() {
    }

    /** SplitMix64's finaliser (mod 2^64). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long stream(long s, long k) {
        return mix64(s + k * GOLDEN);
    }

    /**
     * @param spec the keys and shapes, in state-dict order (the order defines the per-entry seeds)
     * @param seed the seed, e.g. 20261129 for the ASFFNet512 fixture
     * @return the tensors in spec order
     */
    public static StateDict generate(StateDictSpec spec, long seed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int i = 0;
        for (StateDictSpec.Entry e : spec.entries()) {
            i++;
            String k = e.key();
            if (k.endsWith(".weight_u") || k.endsWith(".weight_v")) {
                continue;
            }
            int[] shape = e.shape();
            long fanIn = 1;
            for (int d = 1; d < shape.length; d++) {
                fanIn *= shape[d];
            }
            float a = k.endsWith(".bias") ? 0.05f : (float) Math.sqrt(3.0 / fanIn);
            long si = stream(seed, i);
            float[] data = new float[(int) Tensor.numel(shape)];
            for (int j = 0; j < data.length; j++) {
                float t = (float) ((stream(si, j + 1L) >>> 40) - (1 << 23)) / (1 << 23);
                data[j] = t * a;
            }
            out.put(k, Tensor.of(data, shape));
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (StateDictSpec.Entry e : spec.entries()) {
            String k = e.key();
            if (k.endsWith(".weight_v")) {
                String p = k.substring(0, k.length() - ".weight_v".length());
                Tensor w = out.get(p + ".weight_orig");
                int rows = w.shape()[0];
                int cols = w.numel() / rows;
                double[] v = new double[cols];
                double nv = 0;
                for (int c = 0; c < cols; c++) {
                    v[c] = w.data()[c];
                    nv += v[c] * v[c];
                }
                nv = Math.sqrt(nv);
                float[] vf = new float[cols];
                for (int c = 0; c < cols; c++) {
                    v[c] /= nv;
                    vf[c] = (float) v[c];
                }
                ordered.put(k, Tensor.of(vf, cols));
            } else if (k.endsWith(".weight_u")) {
                String p = k.substring(0, k.length() - ".weight_u".length());
                Tensor w = out.get(p + ".weight_orig");
                int rows = w.shape()[0];
                int cols = w.numel() / rows;
                double n0 = 0;
                for (int c = 0; c < cols; c++) {
                    n0 += (double) w.data()[c] * w.data()[c];
                }
                n0 = Math.sqrt(n0);
                double[] wv = new double[rows];
                double nwv = 0;
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) {
                        s += (double) w.data()[r * cols + c] * (w.data()[c] / n0);
                    }
                    wv[r] = s;
                    nwv += s * s;
                }
                nwv = Math.sqrt(nwv);
                float[] uf = new float[rows];
                for (int r = 0; r < rows; r++) {
                    uf[r] = (float) (wv[r] / nwv);
                }
                ordered.put(k, Tensor.of(uf, rows));
            } else {
                ordered.put(k, out.get(k));
            }
        }
        return new StateDict(ordered, "seeded " + seed);
    }
}
