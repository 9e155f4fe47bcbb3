package dev.asffnet.formats.pth;

import dev.asffnet.api.ModelLoadException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds PyTorch spectral normalisation as evaluated in eval mode (no power iteration): each
 * {@code P.weight_orig} with its stored buffers {@code P.weight_u}, {@code P.weight_v} becomes
 * {@code P.weight = weight_orig / sigma}, {@code sigma = u . (W v)} with {@code W} = weight_orig as
 * {@code [C_out, -1]}, computed in float64. Other tensors are kept; the buffers are dropped.
 */
public final class SpectralNorm {
    private SpectralNorm() {
    }

    /**
     * @param sd a state dict with spectral-norm convolutions
     * @return the plain weights in the same order
     * @throws ModelLoadException if a {@code weight_orig} lacks its buffers or they have the wrong length
     */
    public static Map<String, Tensor> fold(StateDict sd) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : sd.tensors().entrySet()) {
            String k = e.getKey();
            if (k.endsWith(".weight_u") || k.endsWith(".weight_v")) {
                continue;
            }
            if (!k.endsWith(".weight_orig")) {
                out.put(k, e.getValue());
                continue;
            }
            String p = k.substring(0, k.length() - ".weight_orig".length());
            Tensor w = e.getValue();
            Tensor u = sd.get(p + ".weight_u");
            Tensor v = sd.get(p + ".weight_v");
            int rows = w.shape()[0];
            int cols = w.numel() / rows;
            if (u == null || v == null || u.numel() != rows || v.numel() != cols) {
                throw new ModelLoadException(p + ": spectral norm needs weight_u [" + rows + "] and weight_v ["
                        + cols + "] beside weight_orig, found " + u + " and " + v);
            }
            double sigma = 0;
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += (double) w.data()[r * cols + c] * v.data()[c];
                }
                sigma += u.data()[r] * s;
            }
            if (!(Math.abs(sigma) > 0) || !Double.isFinite(sigma)) {
                throw new ModelLoadException(p + ": spectral norm sigma = u . (W v) is " + sigma
                        + "; the checkpoint's SN buffers are corrupt");
            }
            float[] f = new float[w.numel()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (w.data()[i] / sigma);
            }
            out.put(p + ".weight", Tensor.of(f, w.shape()));
        }
        return out;
    }
}
