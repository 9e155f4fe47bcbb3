package dev.asffnet.formats.pth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.ModelLoadException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Strict key and shape matching, and spectral-norm folding. */
class StateDictSpecTest {
    private static final StateDictSpec SPEC = StateDictSpec.parse("# test\nc.weight_orig\t2,1,3\nc.bias\t2\n"
            + "c.weight_u\t2\nc.weight_v\t3\nm.weight\t1,2,1,1\n");

    private static Map<String, Tensor> tensors() {
        return new LinkedHashMap<>(SeededWeights.generate(SPEC, 7).tensors());
    }

    @Test
    void acceptsAnyOrderButNamesFirstMissingUnexpectedAndMisShapedKey() {
        List<String> keys = new ArrayList<>(tensors().keySet());
        Collections.shuffle(keys, new Random(1));
        Map<String, Tensor> shuffled = new LinkedHashMap<>();
        keys.forEach(k -> shuffled.put(k, tensors().get(k)));
        assertDoesNotThrow(() -> SPEC.check(new StateDict(shuffled, "top level"), "m"));

        Map<String, Tensor> missing = tensors();
        missing.remove("c.weight_u");
        assertMessage(missing, "missing key 'c.weight_u'");
        Map<String, Tensor> extra = tensors();
        extra.put("module.extra", Tensor.of(new float[] {1}, 1));
        assertMessage(extra, "unexpected key 'module.extra'");
        Map<String, Tensor> shaped = tensors();
        shaped.put("c.bias", Tensor.of(new float[] {1, 2, 3}, 3));
        assertMessage(shaped, "key 'c.bias' has shape [3], expected [2]");
    }

    private static void assertMessage(Map<String, Tensor> t, String expected) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SPEC.check(new StateDict(t, "params"), "m"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void foldsSpectralNormAsWeightOverUDotWv() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("c.weight_orig", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        t.put("c.weight_u", Tensor.of(new float[] {1, 0}, 2));
        t.put("c.weight_v", Tensor.of(new float[] {0, 1}, 2));
        t.put("c.bias", Tensor.of(new float[] {5, 6}, 2));
        Map<String, Tensor> f = SpectralNorm.fold(new StateDict(t, "params"));
        assertEquals(List.of("c.weight", "c.bias"), List.copyOf(f.keySet()));
        // sigma = u . (W v) = [1,0] . [2,4] = 2
        assertEquals(List.of(0.5f, 1f, 1.5f, 2f), boxed(f.get("c.weight").data()));
        assertEquals(List.of(5f, 6f), boxed(f.get("c.bias").data()));
    }

    private static List<Float> boxed(float[] a) {
        List<Float> l = new ArrayList<>();
        for (float v : a) {
            l.add(v);
        }
        return l;
    }
}
