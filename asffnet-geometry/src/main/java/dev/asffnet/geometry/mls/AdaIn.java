package dev.asffnet.geometry.mls;

import dev.asffnet.api.InvalidInputException;

/**
 * Adaptive instance normalisation, Eqn 7:
 * {@code F^{g,w,a} = sigma(F^d) (F^{g,w} - mu(F^{g,w})) / sigma(F^{g,w}) + mu(F^d)}, per channel of one
 * sample, with {@code sigma = sqrt(var + 1e-5)} and {@code var} the population variance over all positions
 * (conventions.md). Statistics are computed in double precision.
 */
public final class AdaIn {
    /** The variance epsilon of the conventions. */
    public static final double EPS = 1e-5;

    private AdaIn() {
    }

    /**
     * @param content the warped guidance features {@code F^{g,w}}, CHW
     * @param style the degraded features {@code F^d}, CHW (its spatial size may differ)
     * @param channels C
     * @return new CHW array shaped like {@code content}
     */
    public static float[] apply(float[] content, float[] style, int channels) {
        if (content == null || style == null) {
            throw new InvalidInputException("AdaIN inputs must not be null");
        }
        if (channels <= 0 || content.length == 0 || style.length == 0
                || content.length % channels != 0 || style.length % channels != 0) {
            throw new InvalidInputException("AdaIN: " + content.length + " content and " + style.length
                    + " style values are not non-empty multiples of " + channels + " channels");
        }
        int cn = content.length / channels;
        int sn = style.length / channels;
        float[] out = new float[content.length];
        for (int c = 0; c < channels; c++) {
            double[] cs = stats(content, c * cn, cn);
            double[] ss = stats(style, c * sn, sn);
            double gain = ss[1] / cs[1];
            for (int i = c * cn, end = i + cn; i < end; i++) {
                out[i] = (float) ((content[i] - cs[0]) * gain + ss[0]);
            }
        }
        return out;
    }

    /** {mean, sqrt(population variance + EPS)} of {@code a[off .. off+n)}. */
    static double[] stats(float[] a, int off, int n) {
        double s = 0;
        for (int i = off; i < off + n; i++) {
            s += a[i];
        }
        double mean = s / n;
        double v = 0;
        for (int i = off; i < off + n; i++) {
            double e = a[i] - mean;
            v += e * e;
        }
        return new double[] {mean, Math.sqrt(v / n + EPS)};
    }
}
