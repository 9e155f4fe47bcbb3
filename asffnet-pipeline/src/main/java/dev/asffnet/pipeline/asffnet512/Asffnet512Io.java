package dev.asffnet.pipeline.asffnet512;

/**
 * The one conversion between the pipeline's images (RGB in [0,1]) and ASFFNet512's (RGB in [-1,1]), shared
 * by both engines' ASFFNet512 networks.
 */
public final class Asffnet512Io {
    private Asffnet512Io() {
    }

    /**
     * @param unit image values in [0,1]
     * @return a new array with {@code 2 v - 1}
     */
    public static float[] toSigned(float[] unit) {
        float[] r = new float[unit.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = unit[i] * 2f - 1f;
        }
        return r;
    }

    /**
     * Maps the network's [-1,1] output to [0,1] in place: {@code v / 2 + 1/2}.
     *
     * @param signed the network's output
     * @return the same array
     */
    public static float[] toUnitInPlace(float[] signed) {
        for (int i = 0; i < signed.length; i++) {
            signed[i] = signed[i] * 0.5f + 0.5f;
        }
        return signed;
    }
}
