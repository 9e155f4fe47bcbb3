package dev.asffnet.formats.pth;

import dev.asffnet.api.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A pickle reader that only builds data: dicts, OrderedDicts, lists, tuples, strings, numbers, booleans,
 * None, and tensors through {@code torch._utils._rebuild_tensor_v2} over storages named by persistent ids.
 * It never resolves a class or calls a function: any other global ({@code os.system}, a model class, ...)
 * and any object-building opcode are refused with {@link ModelLoadException}. Protocols 2 to 5.
 */
final class RestrictedUnpickler {
    /** torch storage class name to element type and size in bytes. */
    static final Map<String, String> STORAGES = Map.of("FloatStorage", "float32", "DoubleStorage", "float64",
            "HalfStorage", "float16", "BFloat16Storage", "bfloat16", "LongStorage", "int64", "IntStorage", "int32",
            "ShortStorage", "int16", "CharStorage", "int8", "ByteStorage", "uint8", "BoolStorage", "bool");
    private static final Set<String> FUNCTIONS = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter");

    /** A resolved, allowed global. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A tuple (immutable list). */
    record Tuple(List<Object> items) {
    }

    /** A storage named by a persistent id: element type, archive key, element count. */
    record Storage(String dtype, String key, long numel) {
    }

    private final ByteBuffer in;
    private final Function<Storage, float[]> storages;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();
    private final String what;

    /**
     * @param pickle the pickle bytes
     * @param storages reads a storage's elements as float32 (called once per tensor; the caller caches)
     * @param what names the file in messages
     */
    RestrictedUnpickler(byte[] pickle, Function<Storage, float[]> storages, String what) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.storages = storages;
        this.what = what;
    }

    /** @return the unpickled object */
    Object load() {
        try {
            while (true) {
                int pos = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get();                                  // PROTO
                    case 0x95 -> in.getLong();                              // FRAME
                    case '.' -> {                                           // STOP
                        return pop();
                    }
                    case '(' -> marks.add(stack.size());
                    case ')' -> push(new Tuple(List.of()));
                    case ']' -> push(new ArrayList<>());
                    case '}' -> push(new LinkedHashMap<String, Object>());
                    case 't' -> push(new Tuple(popMark()));
                    case 0x85 -> push(new Tuple(popN(1)));
                    case 0x86 -> push(new Tuple(popN(2)));
                    case 0x87 -> push(new Tuple(popN(3)));
                    case 'l' -> push(new ArrayList<>(popMark()));
                    case 'd' -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        putAll(m, popMark());
                        push(m);
                    }
                    case 'a' -> {
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popMark();
                        list(peek()).addAll(items);
                    }
                    case 's' -> {
                        Object v = pop();
                        Object k = pop();
                        putAll(map(peek()), List.of(k, v));
                    }
                    case 'u' -> {
                        List<Object> items = popMark();
                        putAll(map(peek()), items);
                    }
                    case 'b' -> {                                           // BUILD: torch's _metadata only
                        pop();
                        map(peek());
                    }
                    case 'R' -> {
                        Object args = pop();
                        Object fn = pop();
                        push(reduce(fn, args));
                    }
                    case 'c' -> push(global(readLine(), readLine()));
                    case 0x93 -> {                                          // STACK_GLOBAL
                        Object name = pop();
                        Object module = pop();
                        push(global(string(module), string(name)));
                    }
                    case 'Q' -> push(persistent(pop()));
                    case 'q' -> memo.put(in.get() & 0xff, peek());
                    case 'r' -> memo.put(in.getInt(), peek());
                    case 0x94 -> memo.put(memo.size(), peek());
                    case 'h' -> push(memoGet(in.get() & 0xff));
                    case 'j' -> push(memoGet(in.getInt()));
                    case 'K' -> push((long) (in.get() & 0xff));
                    case 'M' -> push((long) (in.getShort() & 0xffff));
                    case 'J' -> push((long) in.getInt());
                    case 0x8a -> push(long1(in.get() & 0xff));
                    case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT is big-endian
                    case 'N' -> push(null);
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'X' -> push(utf8(in.getInt()));
                    case 0x8c -> push(utf8(in.get() & 0xff));
                    case 0x8d -> push(utf8(Math.toIntExact(in.getLong())));
                    case '0' -> pop();
                    case '2' -> push(peek());
                    case '1' -> popMark();
                    default -> throw refuse(String.format("pickle opcode 0x%02x ('%s') at byte %d is not supported: "
                            + "only dicts, lists, tuples, numbers, strings and tensors are read", op,
                            op >= 32 && op < 127 ? String.valueOf((char) op) : "?", pos));
                }
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | ArithmeticException | ClassCastException
                | NullPointerException e) {
            throw refuse("the pickle is truncated or malformed (" + e + ")");
        }
    }

    private Object global(String module, String name) {
        Global g = new Global(module, name);
        if (FUNCTIONS.contains(g.qualified()) || (module.equals("torch") && STORAGES.containsKey(name))) {
            return g;
        }
        throw refuse("the pickle references the global '" + g.qualified() + "'; only tensors, storages and "
                + "OrderedDict are allowed, and loading never executes code. Save a plain state dict: "
                + "torch.save({'params': model.state_dict()}, f)");
    }

    private Object reduce(Object fn, Object args) {
        if (!(fn instanceof Global g) || !(args instanceof Tuple t)) {
            throw refuse("REDUCE of " + describe(fn) + " is not allowed");
        }
        List<Object> a = t.items();
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (!a.isEmpty()) {
                    for (Object pair : list(a.get(0))) {
                        putAll(m, ((Tuple) pair).items());
                    }
                }
                return m;
            }
            case "torch._utils._rebuild_parameter" -> {
                return a.get(0);
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (!(a.get(0) instanceof Storage s)) {
                    throw refuse("_rebuild_tensor_v2 without a storage");
                }
                return tensor(s, Math.toIntExact((Long) a.get(1)), ints(a.get(2)), ints(a.get(3)));
            }
            default -> throw refuse("calling " + g.qualified() + " is not allowed");
        }
    }

    private Tensor tensor(Storage s, int offset, int[] size, int[] stride) {
        if (size.length != stride.length) {
            throw refuse("tensor size " + java.util.Arrays.toString(size) + " and stride "
                    + java.util.Arrays.toString(stride) + " differ in rank");
        }
        float[] src = storages.apply(s);
        long n = Tensor.numel(size);
        if (n > Integer.MAX_VALUE - 8) {
            throw refuse("tensor of " + n + " elements is too large");
        }
        float[] out = new float[(int) n];
        int[] idx = new int[size.length];
        for (int k = 0; k < out.length; k++) {
            long p = offset;
            for (int d = 0; d < size.length; d++) {
                p += (long) idx[d] * stride[d];
            }
            if (p < 0 || p >= src.length) {
                throw refuse("a tensor reads element " + p + " of storage " + s.key() + " which holds " + src.length);
            }
            out[k] = src[(int) p];
            for (int d = size.length - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new Tensor(s.dtype(), size, out);
    }

    private Object persistent(Object pid) {
        if (pid instanceof Tuple t && t.items().size() == 5 && "storage".equals(t.items().get(0))
                && t.items().get(1) instanceof Global g && STORAGES.containsKey(g.name())) {
            return new Storage(STORAGES.get(g.name()), string(t.items().get(2)), (Long) t.items().get(4));
        }
        throw refuse("unsupported persistent id " + describe(pid) + ": only ('storage', torch.<T>Storage, key, "
                + "location, numel) is read");
    }

    private static int[] ints(Object o) {
        List<Object> items = ((Tuple) o).items();
        int[] r = new int[items.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact((Long) items.get(i));
        }
        return r;
    }

    private long long1(int n) {
        if (n > 8) {
            throw refuse("integer of " + n + " bytes is too large");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) {
            v |= -1L << (8 * n);
        }
        return v;
    }

    private String readLine() {
        StringBuilder sb = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            sb.append((char) (b & 0xff));
        }
        return sb.toString();
    }

    private String utf8(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void putAll(Map<String, Object> m, List<Object> kv) {
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            m.put(string(kv.get(i)), kv.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw refuse("expected a dict, found " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw refuse("expected a list, found " + describe(o));
    }

    private String string(Object o) {
        if (o instanceof String s) {
            return s;
        }
        throw refuse("expected a string key, found " + describe(o));
    }

    private Object memoGet(int i) {
        if (!memo.containsKey(i)) {
            throw refuse("memo entry " + i + " is read before it is written");
        }
        return memo.get(i);
    }

    private List<Object> popMark() {
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private List<Object> popN(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof Global g ? g.qualified() : o.getClass().getSimpleName();
    }

    private ModelLoadException refuse(String why) {
        return new ModelLoadException("cannot read " + what + ": " + why);
    }
}
