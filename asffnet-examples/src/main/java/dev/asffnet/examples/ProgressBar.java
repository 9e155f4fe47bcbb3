package dev.asffnet.examples;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a run on a message stream: on a terminal a one-line bar redrawn in place with a carriage
 * return; otherwise (a log file, a pipe) a plain line every tenth of the work or every 30 seconds.
 */
public final class ProgressBar {
    private static final long PLAIN_INTERVAL_NANOS = 30_000_000_000L;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastLine = start;
    private int done;

    /**
     * A progress display of {@code total} items.
     *
     * @param terminal true: redraw a bar in place; false: plain lines
     */
    public ProgressBar(PrintWriter out, String label, int total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.terminal = terminal;
        if (terminal) {
            draw();
        }
    }

    /** A bar when this JVM runs on a terminal ({@link System#console()}), plain lines otherwise. */
    public static ProgressBar of(PrintWriter out, String label, int total) {
        return new ProgressBar(out, label, total, onTerminal());
    }

    /** Marks one more item done and redraws (or prints a line when due). */
    public synchronized void step() {
        done++;
        if (terminal) {
            draw();
            if (done >= total) {
                out.println();
            }
            return;
        }
        long now = System.nanoTime();
        int tenth = Math.max(1, total / 10);
        if (done >= total || done % tenth == 0 || now - lastLine >= PLAIN_INTERVAL_NANOS) {
            lastLine = now;
            out.printf(Locale.ROOT, "%s: %d/%d, %.1f s%n", label, done, total, (now - start) / 1e9);
            out.flush();
        }
    }

    private void draw() {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        double secs = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : secs / done * (total - done);
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %.1fs eta %.1fs", label, "#".repeat(filled),
                ".".repeat(width - filled), done, total, secs, eta);
        out.flush();
    }

    /**
     * Whether standard input and output are a terminal: {@link System#console()} is not null (up to JDK 21)
     * and, from JDK 22, where a console exists even when redirected, {@code Console.isTerminal()}.
     */
    private static boolean onTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) { // before JDK 22: a console is a terminal
            return true;
        }
    }
}
