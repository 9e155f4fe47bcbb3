package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.ModelLoadException;
import org.junit.jupiter.api.Test;

class AsffnetConfigTest {
    @Test
    void readsTheExportersJson() {
        // shape of training/export.py's document, incl. Python's NaN for a missing validation score
        String json = "{\"format\": \"ASWT v1\", \"step\": 25, \"val_psnr_x4\": NaN, \"best\": -Infinity,"
                + " \"config\": {\"width\": 48, \"width_full\": 16, \"ext_blocks\": 1, \"asff\": 4, \"mask_width\": 16,"
                + " \"recon_blocks\": 2, \"use_mls\": false, \"use_adain\": true, \"fusion\": \"concat\","
                + " \"guided\": true, \"global_residual\": true}, \"parameters\": 1e6,"
                + " \"inputs\": {\"degraded\": [null, 3, 128, 128]}, \"layers\": [{\"name\": \"ed.conv1.weight\","
                + " \"shape\": [16, 3, 3, 3]}], \"forward\": \"a \\\"quoted\\\" \\u00e9 text\"}";
        AsffnetConfig c = AsffnetConfig.parse(json, "test");
        assertEquals(new AsffnetConfig(48, 16, 1, 4, 16, 2, false, true, "concat", true, true, 128), c);
        assertEquals(32, c.featureSize());
    }

    @Test
    void topLevelKeysAndDefaults() {
        AsffnetConfig c = AsffnetConfig.parse("{\"guided\": false, \"size\": 256}", "test");
        assertFalse(c.guided());
        assertEquals(256, c.size());
        assertEquals(AsffnetConfig.DEFAULT.width(), c.width());
    }

    @Test
    void rejectsWrongTypes() {
        assertThrows(ModelLoadException.class, () -> AsffnetConfig.parse("{\"config\": {\"width\": 2.5}}", "t"));
        assertThrows(ModelLoadException.class, () -> AsffnetConfig.parse("{\"config\": {\"guided\": 1}}", "t"));
        assertThrows(ModelLoadException.class, () -> AsffnetConfig.parse("[1, 2]", "t"));
        assertThrows(ModelLoadException.class, () -> AsffnetConfig.parse("{\"size\": 130}", "t"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> AsffnetConfig.parse("{\"config\": {\"width\": 32, \"norm\": \"instance\"}}", "t"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'norm'"), e.getMessage());
    }

    /** model.py's full-resolution guidance switch: the TF builder accepts it off and refuses it on. */
    @Test
    void fullResolutionGuidanceOnlyWhenOff() {
        AsffnetConfig off = AsffnetConfig.parse("{\"config\": {\"width\": 48, \"fr_guidance\": false, \"fr_lm_width\": 8}}",
                "t");
        assertEquals(48, off.width());
        ModelLoadException on = assertThrows(ModelLoadException.class,
                () -> AsffnetConfig.parse("{\"config\": {\"width\": 48, \"fr_guidance\": true}}", "t"));
        org.junit.jupiter.api.Assertions.assertTrue(on.getMessage().contains("onnx backend"), on.getMessage());
    }
}
