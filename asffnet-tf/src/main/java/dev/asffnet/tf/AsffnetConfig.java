package dev.asffnet.tf;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.formats.Json;
import java.util.List;
import java.util.Map;

/**
 * The network configuration exported beside the weights ({@code asffnet-default.json}), mirroring
 * {@code Config} in {@code training/asffnet/model.py}: widths, block counts and the ablation switches.
 * Keys may sit at the top level or under {@code "config"}; a missing key takes model.py's default (the
 * structural ones are then cross-checked against the weight shapes when the graph is built); an unknown key
 * under {@code "config"} is an error, since it would mean model.py gained an option this builder ignores.
 *
 * @param width channels at 1/4 resolution (key {@code width})
 * @param widthFull channels at full resolution; 1/2 resolution uses twice as many (key {@code width_full})
 * @param extBlocks dilated residual blocks per extractor stage (key {@code ext_blocks})
 * @param asff number of ASFF blocks (Eqn 8; key {@code asff})
 * @param maskWidth channels after the 1x1 reductions inside ASFF (key {@code mask_width})
 * @param reconBlocks residual blocks after each PixelShuffle stage (key {@code recon_blocks})
 * @param useMls whether guidance features are warped by MLS (Eqn 5; key {@code use_mls})
 * @param useAdain whether guidance features are AdaIN-normalised (Eqn 7; key {@code use_adain})
 * @param fusion {@code "asff"} or {@code "concat"} (key {@code fusion})
 * @param guided false for the unguided baseline without guidance and landmark branches (key {@code guided})
 * @param globalResidual whether the degraded input is added to the output (key {@code global_residual})
 * @param size native image side (key {@code size}, default 128; features at size/4)
 */
public record AsffnetConfig(int width, int widthFull, int extBlocks, int asff, int maskWidth, int reconBlocks,
        boolean useMls, boolean useAdain, String fusion, boolean guided, boolean globalResidual, int size) {

    /** model.py's {@code Config()} defaults at S = 128. */
    public static final AsffnetConfig DEFAULT = new AsffnetConfig(32, 16, 1, 4, 16, 1, true, true, "asff", true,
            true, 128);

    private static final java.util.Set<String> KEYS = java.util.Set.of("width", "width_full", "ext_blocks", "asff",
            "mask_width", "recon_blocks", "use_mls", "use_adain", "fusion", "guided", "global_residual", "size");

    /**
     * Checks the ranges.
     *
     * @param width channels at 1/4 resolution
     * @param widthFull channels at full resolution
     * @param extBlocks dilated residual blocks per extractor stage
     * @param asff number of ASFF blocks
     * @param maskWidth channels inside ASFF
     * @param reconBlocks residual blocks per PixelShuffle stage
     * @param useMls whether MLS warping is used
     * @param useAdain whether AdaIN is used
     * @param fusion {@code "asff"} or {@code "concat"}
     * @param guided whether the network is guided
     * @param globalResidual whether the degraded input is added to the output
     * @param size native image side
     * @throws IllegalArgumentException if a width is not positive, a block count is negative, the fusion is
     *     unknown or {@code size} is not a positive multiple of 4
     */
    public AsffnetConfig {
        if (width < 1 || widthFull < 1 || extBlocks < 0 || asff < 0 || maskWidth < 1 || reconBlocks < 0) {
            throw new IllegalArgumentException("config has non-positive widths or negative block counts: width="
                    + width + " width_full=" + widthFull + " ext_blocks=" + extBlocks + " asff=" + asff
                    + " mask_width=" + maskWidth + " recon_blocks=" + reconBlocks);
        }
        if (!"asff".equals(fusion) && !"concat".equals(fusion)) {
            throw new IllegalArgumentException("config fusion must be 'asff' or 'concat', got '" + fusion + "'");
        }
        if (size < 4 || size % 4 != 0) {
            throw new IllegalArgumentException("config size must be a positive multiple of 4, got " + size);
        }
    }

    /**
     * Feature-map side (size / 4).
     *
     * @return {@code size / 4}
     */
    public int featureSize() {
        return size / 4;
    }

    /** Switches of model.py the TF builder does not implement: accepted only when off ({@code false}). */
    static final java.util.Set<String> OFF_ONLY = java.util.Set.of("fr_guidance");

    /**
     * Parses the JSON config.
     *
     * @param json the JSON text
     * @param what names the config in error messages
     * @return the configuration
     * @throws ModelLoadException if it is not JSON or holds values of the wrong type or range
     */
    @SuppressWarnings("unchecked")
    public static AsffnetConfig parse(String json, String what) {
        try {
            Object root = Json.parse(json);
            if (!(root instanceof Map)) {
                throw new IllegalArgumentException("top level is not a JSON object");
            }
            Map<String, Object> top = (Map<String, Object>) root;
            Map<String, Object> c = top.get("config") instanceof Map ? (Map<String, Object>) top.get("config") : top;
            if (c != top) {
                // a switch this builder does not know would silently build a different network than model.py
                for (String k : c.keySet()) {
                    if (OFF_ONLY.contains(k)) {
                        if (!Boolean.FALSE.equals(c.get(k))) {
                            throw new IllegalArgumentException("config switch '" + k + "' is on, and the TF backend "
                                    + "does not build that part of model.py's network; use the onnx backend");
                        }
                        continue;
                    }
                    if (k.startsWith("fr_") && !Boolean.TRUE.equals(c.get("fr_guidance"))) {
                        continue;        // a setting of the full-resolution path, which is off
                    }
                    if (!KEYS.contains(k)) {
                        throw new IllegalArgumentException("config key '" + k + "' is not supported by the TF backend "
                                + "(known: " + KEYS + "); update TfAsffnetNetwork to model.py's new option");
                    }
                }
            }
            AsffnetConfig d = DEFAULT;
            int size = intOf(top, "size", intOf(c, "size", d.size()));
            return new AsffnetConfig(intOf(c, "width", d.width()), intOf(c, "width_full", d.widthFull()),
                    intOf(c, "ext_blocks", d.extBlocks()), intOf(c, "asff", d.asff()),
                    intOf(c, "mask_width", d.maskWidth()), intOf(c, "recon_blocks", d.reconBlocks()),
                    boolOf(c, "use_mls", d.useMls()), boolOf(c, "use_adain", d.useAdain()),
                    strOf(c, "fusion", d.fusion()), boolOf(c, "guided", d.guided()),
                    boolOf(c, "global_residual", d.globalResidual()), size);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelLoadException("bad model config " + what + ": " + e.getMessage(), e);
        }
    }

    private static int intOf(Map<String, Object> m, String key, int dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> l && l.size() == 1) {
            v = l.get(0);
        }
        if (!(v instanceof Double d) || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, got " + v);
        }
        return (int) (double) d;
    }

    private static boolean boolOf(Map<String, Object> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    private static String strOf(Map<String, Object> m, String key, String dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string, got " + v);
        }
        return s;
    }
}
