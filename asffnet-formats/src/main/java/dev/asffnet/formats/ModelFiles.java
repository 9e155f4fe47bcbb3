package dev.asffnet.formats;

import dev.asffnet.api.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads model bytes from a user's file or from a packaged classpath resource, with one
 * {@link ModelLoadException} policy for every engine and the face front end.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The bytes of a classpath resource.
     *
     * @param opener opens the resource in the module that packages it (e.g. {@code PackagedModels::open}),
     *     so it also loads on the module path; returns null when absent
     * @param name absolute resource name, e.g. {@code /dev/asffnet/models/asffnet-default.onnx}
     * @return the resource's bytes
     * @throws ModelLoadException if the resource is absent or unreadable
     */
    public static byte[] resource(java.util.function.Function<String, InputStream> opener, String name) {
        try (InputStream in = opener.apply(name)) {
            if (in == null) {
                throw new ModelLoadException("model resource " + name
                        + " is not on the class path: add the asffnet-models dependency or pass a model file");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model resource " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a model file.
     *
     * @param path the file
     * @param what names the file in messages, e.g. {@code "model"} or {@code "weights"}
     * @return the file's bytes
     * @throws ModelLoadException if the file is missing, not a regular file, or unreadable
     */
    public static byte[] file(Path path, String what) {
        if (path == null || !Files.isRegularFile(path)) {
            throw new ModelLoadException(what + " file not found: " + path);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + what + " file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file beside {@code file} with another extension: {@code a/model.onnx} and {@code .json} give
     * {@code a/model.json}.
     *
     * @param file a file path
     * @param ext the new extension, with its dot
     * @return the sibling path
     */
    public static Path sibling(Path file, String ext) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + ext);
    }
}
