package dev.asffnet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds inference backends on the class path with {@link ServiceLoader}, so a backend is chosen by name. */
public final class Restorers {
    private Restorers() {
    }

    /**
     * Names of the backends on the class path, in discovery order.
     *
     * @return the backend names
     */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (RestorerProvider p : ServiceLoader.load(RestorerProvider.class)) {
            names.add(p.name());
        }
        return names;
    }

    /**
     * Opens the backend called {@code name}.
     *
     * @param name the backend name, e.g. {@code onnx}
     * @param options the options passed to the backend
     * @return a new restorer; the caller closes it
     * @throws InvalidInputException if no backend of that name is on the class path
     */
    public static Restorer open(String name, RestorerOptions options) {
        for (RestorerProvider p : ServiceLoader.load(RestorerProvider.class)) {
            if (p.name().equals(name)) {
                return p.open(options);
            }
        }
        throw new InvalidInputException("no restorer backend named '" + name + "' on the class path; available: "
                + available() + " (add asffnet-onnx or asffnet-tf as a dependency)");
    }

    /**
     * Opens the backend called {@code name} with {@link RestorerOptions#defaults()}.
     *
     * @param name the backend name, e.g. {@code onnx}
     * @return a new restorer; the caller closes it
     */
    public static Restorer open(String name) {
        return open(name, RestorerOptions.defaults());
    }
}
