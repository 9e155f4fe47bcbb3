package dev.asffnet.geometry;

import java.util.List;
import java.util.Map;

/** Helpers for reading Python-written fixtures whose key names may vary slightly. */
final class FixtureKeys {
    private FixtureKeys() {
    }

    static Object first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        throw new AssertionError("fixture lacks all of " + String.join(", ", keys) + "; has " + m.keySet());
    }

    static boolean has(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    /** The shape of a rectangular nested list. */
    static int[] shape(Object o) {
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

    static float[] floats(Object o) {
        double[] d = Json.flat(o);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
