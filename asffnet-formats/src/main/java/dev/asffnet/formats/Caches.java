package dev.asffnet.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The on-disk cache of derived files (ONNX Runtime's optimised models, exemplar album indexes): the folder
 * named by the system property {@value #PROPERTY}, else the environment variable {@value #ENV}, else
 * {@code ${user.home}/.cache/asffnet}. Everything in it can be deleted at any time; a folder that cannot be
 * created or written means no caching, never an error. Also the one SHA-256 used to key cached files.
 */
public final class Caches {
    /** System property naming the cache folder. */
    public static final String PROPERTY = "asffnet.cache";
    /** Environment variable naming the cache folder (when the property is not set). */
    public static final String ENV = "ASFFNET_CACHE";

    private Caches() {
    }

    /** @return the configured cache folder (it may not exist) */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "asffnet");
        }
        return Path.of(p);
    }

    /**
     * A writable sub-folder of {@code root}, created when missing.
     *
     * @param root the cache folder ({@link #root()}, or another one, e.g. in tests)
     * @param name the sub-folder's name
     * @return the folder, or empty when it cannot be created or written (then do not cache)
     */
    public static Optional<Path> writableFolder(Path root, String name) {
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            return Files.isWritable(dir) ? Optional.of(dir) : Optional.empty();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * @param bytes the content
     * @return its SHA-256, 64 lower-case hex digits
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * @param file a file
     * @return the SHA-256 of its content, 64 lower-case hex digits
     * @throws UncheckedIOException if it cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 (every Java SE JVM must have it)", e);
        }
    }
}
