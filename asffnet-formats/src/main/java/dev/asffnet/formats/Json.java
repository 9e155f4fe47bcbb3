package dev.asffnet.formats;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read with Gson: objects become {@link Map} (key order kept), arrays
 * {@link List}, numbers {@link Double}, plus strings, booleans and null. Python's {@code NaN} and
 * {@code Infinity}, which {@code json.dump} writes for float metadata, are accepted.
 */
public final class Json {
    private Json() {
    }

    /**
     * Parses {@code text}.
     *
     * @param text a JSON document
     * @return the document as plain Java values
     * @throws IllegalArgumentException on malformed input
     */
    public static Object parse(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.LENIENT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("malformed JSON: trailing characters");
            }
            return plain(e);
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes plain Java values (maps, lists, arrays, strings, numbers, booleans, null) as compact JSON.
     *
     * @param value the document
     * @return its JSON text
     */
    public static String write(Object value) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(value);
    }

    /**
     * A parsed JSON object.
     *
     * @param o a value returned by {@link #parse(String)}
     * @return it as a map
     * @throws IllegalArgumentException if it is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a JSON object, got " + describe(o));
        }
        return (Map<String, Object>) o;
    }

    /**
     * A parsed JSON array.
     *
     * @param o a value returned by {@link #parse(String)}
     * @return it as a list
     * @throws IllegalArgumentException if it is not an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        if (!(o instanceof List<?>)) {
            throw new IllegalArgumentException("expected a JSON array, got " + describe(o));
        }
        return (List<Object>) o;
    }

    /**
     * A (nested) numeric array flattened in row-major order.
     *
     * @param o a number or a nested array of numbers
     * @return the numbers in document order
     * @throws IllegalArgumentException if a leaf is not a number
     */
    public static double[] flat(Object o) {
        List<Double> out = new ArrayList<>();
        flatten(o, out);
        double[] a = new double[out.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = out.get(k);
        }
        return a;
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) {
            for (Object e : l) {
                flatten(e, out);
            }
        } else if (o instanceof Number n) {
            out.add(n.doubleValue());
        } else {
            throw new IllegalArgumentException("expected a number, got " + describe(o));
        }
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private static Object plain(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonObject o) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> kv : o.entrySet()) {
                m.put(kv.getKey(), plain(kv.getValue()));
            }
            return m;
        }
        if (e instanceof JsonArray a) {
            List<Object> l = new ArrayList<>(a.size());
            for (JsonElement x : a) {
                l.add(plain(x));
            }
            return l;
        }
        JsonPrimitive p = (JsonPrimitive) e;
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        return p.getAsString();
    }
}
