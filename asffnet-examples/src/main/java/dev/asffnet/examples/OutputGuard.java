package dev.asffnet.examples;

import dev.asffnet.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before anything is written, output paths that would destroy the user's files: an output that is
 * an input or exemplar file (compared by real path and {@link Files#isSameFile}, so links and {@code ..} do
 * not hide it), that lies inside a protected folder (the input folder of a folder run, the exemplar
 * folder), that is the output of another input of the same run, or that exists and is not a regular file
 * (a folder, a device such as {@code /dev/null}, a pipe).
 */
final class OutputGuard {
    private OutputGuard() {
    }

    /** A file the run will write, and what it is, for messages ("output of frame a.jpg"). */
    record Output(Path path, String role) {
    }

    /** A file or folder the run must not write to or into, and what it is ("the exemplar folder"). */
    record Guarded(Path path, String what) {
    }

    /**
     * Checks every output against the others, the guarded files and the guarded folders.
     *
     * @throws InvalidInputException naming the first unsafe output, what it would destroy and what to do
     */
    static void check(List<Output> outputs, List<Guarded> files, List<Guarded> folders) {
        Map<Path, Output> seen = new HashMap<>();
        for (Output o : outputs) {
            Path p = o.path();
            if (Files.exists(p) && !Files.isRegularFile(p)) {
                throw new InvalidInputException(o.role() + " " + p + " exists and is not a regular file (it is a folder,"
                        + " a device or another special file); give the path of an image file to create or replace");
            }
            Path real = canonical(p);
            for (Guarded g : files) {
                if (real.equals(canonical(g.path())) || sameExistingFile(p, g.path())) {
                    throw new InvalidInputException(o.role() + " " + p + " is " + g.what() + " " + g.path()
                            + "; writing it would destroy that file, choose another output path");
                }
            }
            outside(o, folders);
            Output other = seen.putIfAbsent(real, o);
            if (other != null) {
                throw new InvalidInputException(other.role() + " and " + o.role() + " would both be written to " + p
                        + "; rename one of the inputs or write them to different places (nothing was written)");
            }
        }
    }

    /**
     * Refuses an output (file or folder) that is one of the guarded folders or lies inside one.
     *
     * @throws InvalidInputException naming the output and the folder
     */
    static void outside(Output o, List<Guarded> folders) {
        Path real = canonical(o.path());
        for (Guarded g : folders) {
            if (real.startsWith(canonical(g.path()))) {
                throw new InvalidInputException(o.role() + " " + o.path() + (real.equals(canonical(g.path()))
                        ? " is " : " is inside ") + g.what() + " " + g.path() + "; choose an output outside it");
            }
        }
    }

    private static boolean sameExistingFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + a + " with " + b, e);
        }
    }

    /**
     * The absolute path with links resolved as far as the path exists: the real path of its deepest existing
     * ancestor, followed by the rest of its names.
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) { // a dangling link: as written
            return abs;
        }
    }
}
