package dev.asffnet.examples;

import dev.asffnet.api.InvalidInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Parsed {@code --name value} options of one subcommand; unknown options are an error. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv, int from, Set<String> allowed) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new InvalidInputException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            if (!allowed.contains(name)) {
                throw new InvalidInputException("unknown option --" + name + "; allowed: " + new HashSet<>(allowed));
            }
            if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                values.put(name, "true");
            } else {
                values.put(name, argv[++i]);
            }
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String require(String name) {
        return get(name).orElseThrow(() -> new InvalidInputException("missing required option --" + name));
    }

    Path path(String name) {
        return Path.of(require(name));
    }

    int integer(String name, int dflt) {
        return parsed(name, dflt, Integer::valueOf, "an integer");
    }

    double number(String name, double dflt) {
        return parsed(name, dflt, Double::valueOf, "a number");
    }

    private <T> T parsed(String name, T dflt, Function<String, T> parse, String what) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name + " expects " + what + ", got '" + v + "'");
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }
}
