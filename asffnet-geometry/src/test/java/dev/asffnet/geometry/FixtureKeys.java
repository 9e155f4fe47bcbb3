package dev.asffnet.geometry;

import dev.asffnet.formats.Json;
import java.util.List;
import java.util.Map;

/** Helpers for reading Python-written fixtures whose key names may vary slightly. */
public final class FixtureKeys {
    private FixtureKeys() {
    }

    public static Object first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        throw new AssertionError("fixture lacks all of " + String.join(", ", keys) + "; has " + m.keySet());
    }

    public static boolean has(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    /** The shape of a rectangular nested list. */
    public static int[] shape(Object o) {
        int depth = 0;
        for (Object p = o; p instanceof List<?> l && !l.isEmpty(); p = l.get(0)) {
            depth++;
        }
        int[] s = new int[depth];
        Object p = o;
        for (int i = 0; i < depth; i++) {
            List<Object> l = Json.list(p);
            s[i] = l.size();
            p = l.get(0);
        }
        return s;
    }

    public static float[] floats(Object o) {
        double[] d = Json.flat(o);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
