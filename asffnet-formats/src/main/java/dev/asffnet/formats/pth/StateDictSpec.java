package dev.asffnet.formats.pth;

import dev.asffnet.api.ModelLoadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys and shapes a network's state dict must have, in state-dict order, for strict loading.
 *
 * @param entries key and shape of every tensor
 */
public record StateDictSpec(List<Entry> entries) {
    /**
     * One expected tensor.
     *
     * @param key the state-dict key
     * @param shape the sizes, outermost first (empty for a 0-d tensor)
     */
    public record Entry(String key, int[] shape) {
        /**
         * Copies the shape.
         *
         * @param key the state-dict key
         * @param shape the sizes (copied)
         */
        public Entry {
            shape = shape.clone();
        }

        /**
         * The expected sizes.
         *
         * @return a copy of the shape
         */
        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /**
     * Copies the entries.
     *
     * @param entries key and shape of every tensor (copied)
     */
    public StateDictSpec {
        entries = List.copyOf(entries);
    }

    /**
     * Parses lines {@code key<TAB>d0,d1,...} (an empty shape for a 0-d tensor); blank lines and lines
     * starting with {@code #} are skipped.
     *
     * @param text the spec, one tensor a line
     * @return the entries in line order
     */
    public static StateDictSpec parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\t");
            int[] shape = kv.length < 2 || kv[1].isBlank() ? new int[0]
                    : Arrays.stream(kv[1].split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            out.add(new Entry(kv[0], shape));
        }
        return new StateDictSpec(out);
    }

    /** @return the expected keys in order */
    public List<String> keys() {
        return entries.stream().map(Entry::key).toList();
    }

    /**
     * Strict matching: every expected key present with its shape and no other key.
     *
     * @param sd the loaded tensors
     * @param what names the file and model in messages
     * @throws ModelLoadException naming the first missing key, else the first unexpected key, else the
     *     first key with another shape
     */
    public void check(StateDict sd, String what) {
        Map<String, Tensor> t = sd.tensors();
        Set<String> expected = new LinkedHashSet<>(keys());
        List<String> missing = expected.stream().filter(k -> !t.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new ModelLoadException(what + ": missing key '" + missing.get(0) + "' (" + missing.size()
                    + " of " + expected.size() + " expected keys missing; state dict read from " + sd.source()
                    + "). Is this the right model file?");
        }
        List<String> unexpected = t.keySet().stream().filter(k -> !expected.contains(k)).toList();
        if (!unexpected.isEmpty()) {
            throw new ModelLoadException(what + ": unexpected key '" + unexpected.get(0) + "' (" + unexpected.size()
                    + " keys not in the model). Is this the right model file?");
        }
        for (Entry e : entries) {
            if (!Arrays.equals(e.shape, t.get(e.key()).shape())) {
                throw new ModelLoadException(what + ": key '" + e.key() + "' has shape "
                        + Arrays.toString(t.get(e.key()).shape()) + ", expected " + Arrays.toString(e.shape));
            }
        }
    }
}
