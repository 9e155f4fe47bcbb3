package dev.asffnet.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How the CLI reports a failure: one line naming the problem (and the file) and what to do, and an exit
 * code: {@link #BAD_INPUT} for what the user can fix (bad arguments, missing or unreadable files, no face,
 * file-system errors about the paths given), {@link #FAILED} for internal errors.
 */
final class Failures {
    /** Exit code of an internal error, or of a folder run in which a frame failed. */
    static final int FAILED = 1;
    /** Exit code of bad usage or bad input. */
    static final int BAD_INPUT = 2;

    private Failures() {
    }

    /** {@link #BAD_INPUT} for the user's mistakes, {@link #FAILED} for everything else. */
    static int exitCode(Throwable e) {
        // InvalidInputException (ImageRead, InvalidLandmarks, NoFaceFound) are IllegalArgumentExceptions; a
        // ModelLoadException about a file the user gave is turned into one by EngineOptions.open
        boolean user = e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException;
        return user ? BAD_INPUT : FAILED;
    }

    /** The failure as one line (no line breaks), naming the file where there is one. */
    static String describe(Throwable e) {
        String text;
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            String context = u.getMessage() == null || u.getMessage().equals(u.getCause().toString()) ? ""
                    : u.getMessage() + ": ";
            text = context + describe(u.getCause());
        } else if (e instanceof FileSystemException f) {
            text = fileSystem(f);
        } else if (e instanceof OutOfMemoryError) {
            text = "out of memory (" + e.getMessage() + "); give Java more with -Xmx, e.g. java -Xmx8g -jar ...,"
                    + " or restore fewer or smaller images at a time";
        } else if (e instanceof Error || !(e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof dev.asffnet.api.AsffnetException)) {
            text = "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()) + " (run with --verbose for the stack trace and report it)";
        } else {
            text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String fileSystem(FileSystemException f) {
        String file = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        String why = f.getReason() == null ? "" : " (" + f.getReason() + ")";
        if (f instanceof NoSuchFileException) {
            return "no such file or folder: " + file + why + "; check the path";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied: " + file + why + "; check the permissions or choose another path";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists: " + file + why + "; a folder was needed where a file is, choose another path";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder: " + file + why + "; give a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "a non-empty folder is in the way: " + file + "; choose another path";
        }
        return "cannot access " + file + why + "; check the path, its permissions and the free disk space";
    }
}
