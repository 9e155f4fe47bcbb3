package dev.asffnet.face;

import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.formats.Caches;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * ONNX Runtime's two CPU native libraries, extracted once into {@code native/} of the cache folder
 * ({@link Caches#root()}) instead of into a new temporary folder by every JVM (docs/benchmarks.md, CLI
 * start-up), and handed to ONNX Runtime through its documented
 * {@code onnxruntime.native.LIB.path} properties. Nothing is changed when the user set those properties, when
 * the GPU package (with its provider libraries) is on the class path, when the libraries are not class-path
 * resources, or when the cache folder cannot be written: ONNX Runtime then loads them its own way.
 */
final class OrtNatives {
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    private OrtNatives() {
    }

    /**
     * Points ONNX Runtime at cached copies of its libraries, extracting them first when missing; call before
     * the first {@code OrtEnvironment}.
     *
     * @param cacheRoot the cache folder
     * @return the folder the libraries are loaded from, or empty when ONNX Runtime loads them its own way
     */
    static Optional<Path> useCachedCopies(Path cacheRoot) {
        for (String lib : LIBRARIES) {
            if (System.getProperty(property(lib)) != null) {
                return Optional.empty();
            }
        }
        Optional<Path[]> files = cachedCopies(cacheRoot);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (int i = 0; i < LIBRARIES.length; i++) {
                System.setProperty(property(LIBRARIES[i]), files.get()[i].toString());
            }
        } catch (SecurityException e) {
            return Optional.empty();
        }
        return Optional.of(files.get()[0].getParent());
    }

    /**
     * The libraries' copies in {@code native/KEY/} of {@code cacheRoot}, extracted when missing or of the wrong
     * size; KEY identifies the class path's libraries (platform, sizes, time stamps).
     *
     * @param cacheRoot the cache folder
     * @return the files, in the order {@code onnxruntime}, {@code onnxruntime4j_jni}; empty when there is
     *     nothing to extract (GPU package, no such resources) or the folder cannot be written
     */
    static Optional<Path[]> cachedCopies(Path cacheRoot) {
        String dir = "/ai/onnxruntime/native/" + platform() + "/";
        if (OrtNatives.class.getResource(dir + System.mapLibraryName("onnxruntime_providers_shared")) != null) {
            return Optional.empty();    // the GPU package: its provider libraries must sit beside the core one
        }
        StringBuilder key = new StringBuilder(platform());
        URL[] urls = new URL[LIBRARIES.length];
        long[] sizes = new long[LIBRARIES.length];
        for (int i = 0; i < LIBRARIES.length; i++) {
            urls[i] = OrtNatives.class.getResource(dir + System.mapLibraryName(LIBRARIES[i]));
            if (urls[i] == null) {
                return Optional.empty();
            }
            try {
                URLConnection c = urls[i].openConnection();
                sizes[i] = c.getContentLengthLong();
                key.append('-').append(sizes[i]).append('-').append(c.getLastModified());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Optional<Path> folder = Caches.writableFolder(cacheRoot, "native/" + Caches.sha256(
                key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16));
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path[] files = new Path[LIBRARIES.length];
            for (int i = 0; i < LIBRARIES.length; i++) {
                files[i] = folder.get().resolve(System.mapLibraryName(LIBRARIES[i]));
                if (!Files.isRegularFile(files[i]) || Files.size(files[i]) != sizes[i]) {
                    extract(urls[i], files[i]);
                }
            }
            return Optional.of(files);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static void extract(URL from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try (InputStream in = from.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.move(tmp, to);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** ONNX Runtime's property for the path of library {@code name}. */
    static String property(String name) {
        return "onnxruntime.native." + name + ".path";
    }

    /** ONNX Runtime's name of this platform's resource folder, e.g. {@code linux-x64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }
}
