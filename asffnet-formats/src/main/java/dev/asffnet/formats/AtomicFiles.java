package dev.asffnet.formats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: the content goes to a temporary file in the target's folder, which is then
 * renamed onto the target ({@link StandardCopyOption#ATOMIC_MOVE}). Readers see the old file or the whole new
 * one, never a partial one; when the writer fails, the old file is untouched and the temporary file is
 * deleted. A process killed mid-write may leave a hidden {@code .<name>.*.tmp} file, never a partial target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /**
         * Writes to {@code t}.
         *
         * @param t the stream to write to
         * @throws IOException when writing fails
         */
        void accept(T t) throws IOException;
    }

    /**
     * Replaces (or creates) {@code target} with what {@code writer} writes.
     *
     * @param target the file to write; its folder must exist
     * @param writer writes the whole content to the stream it is given (it need not close it)
     * @throws IOException when the temporary file cannot be created or written, or the rename fails; the
     *     target is then as it was
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // not Files.createTempFile: its owner-only permissions would end up on the target
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(
                ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.accept(out);
            }
            move(tmp, abs);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Renames a finished temporary file over {@code target} in one step (readers see the old or the new
     * file, never a part), for files another program writes, such as ONNX Runtime's optimised models.
     *
     * @param finished the complete file, in the target's folder
     * @param target the file to replace (or create)
     * @throws IOException when the rename fails; the target is then as it was
     */
    public static void move(Path finished, Path target) throws IOException {
        Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Replaces (or creates) {@code target} with {@code text} in UTF-8.
     *
     * @param target the file to write; its folder must exist
     * @param text the whole content
     * @throws IOException as {@link #write(Path, IOConsumer)}
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
