package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.ImageReadException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.NoFaceFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void userMistakesExitTwoAndInternalErrorsOne() {
        assertEquals(2, Failures.exitCode(new ImageReadException("image file not found: a.jpg")));
        assertEquals(2, Failures.exitCode(new NoFaceFoundException("no face")));
        assertEquals(2, Failures.exitCode(new NoSuchFileException("a.csv")));
        assertEquals(2, Failures.exitCode(new UncheckedIOException(new IOException("disk full"))));
        assertEquals(1, Failures.exitCode(new ModelLoadException("embedded model corrupt")));
        assertEquals(1, Failures.exitCode(new NullPointerException()));
        assertEquals(1, Failures.exitCode(new OutOfMemoryError("Java heap space")));
        assertEquals(1, Failures.exitCode(new StackOverflowError()));
    }

    @Test
    void everyFailureIsOneLineNamingTheFileAndWhatToDo() {
        String missing = Failures.describe(new NoSuchFileException("/x/a.csv"));
        assertEquals("no such file or folder: /x/a.csv; check the path", missing);
        assertTrue(Failures.describe(new AccessDeniedException("/x/out.png")).contains("/x/out.png"));
        String wrapped = Failures.describe(new UncheckedIOException("cannot list the folder f",
                new AccessDeniedException("f")));
        assertEquals("cannot list the folder f: permission denied: f; check the permissions or choose another path", wrapped);
        String oom = Failures.describe(new OutOfMemoryError("Java heap space"));
        assertTrue(oom.startsWith("out of memory (Java heap space); give Java more with -Xmx"), oom);
        String bug = Failures.describe(new IllegalStateException("line one\n  line two"));
        assertEquals("internal error: IllegalStateException: line one line two (run with --verbose for the stack trace"
                + " and report it)", bug);
        assertEquals("CUDA was requested", Failures.describe(new AsffnetException("CUDA was requested")));
        for (Throwable t : new Throwable[] {new IOException("a\r\nb"), new StackOverflowError(), new NullPointerException()}) {
            assertFalse(Failures.describe(t).contains("\n") || Failures.describe(t).contains("\r"), t.toString());
        }
    }
}
