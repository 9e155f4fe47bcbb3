package dev.asffnet.examples;

import java.io.PrintStream;

/** A one-line text progress bar on a stream (stderr by default), redrawn in place with a carriage return. */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    public ProgressBar(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        draw();
    }

    /** Marks one more item done and redraws. */
    public synchronized void step() {
        done++;
        draw();
        if (done >= total) {
            out.println();
        }
    }

    private void draw() {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        double secs = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : secs / done * (total - done);
        out.printf("\r%s [%s%s] %d/%d %.1fs eta %.1fs", label, "#".repeat(filled), ".".repeat(width - filled),
                done, total, secs, eta);
        out.flush();
    }
}
