package dev.asffnet.examples;

import dev.asffnet.api.FaceImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Folder mode's file work beside the restoration: on one background thread, the next frame is decoded and the
 * previous result written (its bytes encoded by the worker that restored it) while the current frame is
 * restored. Tasks run in the order given; at most one write is pending, and its failure is thrown by the next
 * {@link #write} or by {@link #close}, which waits for it, so every write has finished (or failed whole: the
 * writes are atomic) when the command returns. Used from one thread.
 */
final class FrameIo implements AutoCloseable {
    /** One output step: files written, then its line printed. */
    interface Write {
        /** @throws IOException if a file cannot be written */
        void run() throws IOException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "asffnet-frame-io");
        t.setDaemon(true);
        return t;
    });
    private final Map<Path, Future<FaceImage>> reads = new HashMap<>();
    private Future<?> pendingWrite;

    /**
     * Starts decoding {@code frame} in the background, unless already started.
     *
     * @param frame an image file
     */
    void prefetch(Path frame) {
        reads.computeIfAbsent(frame, f -> thread.submit(() -> FaceImage.read(f)));
    }

    /**
     * The decoded frame: the prefetched one, or read now.
     *
     * @param frame an image file
     * @return its pixels
     * @throws dev.asffnet.api.ImageReadException as {@link FaceImage#read(Path)}
     */
    FaceImage read(Path frame) {
        Future<FaceImage> f = reads.remove(frame);
        if (f == null) {
            return FaceImage.read(frame);
        }
        try {
            return await(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queues {@code write} once the previous write has finished.
     *
     * @param write the output step
     * @throws IOException the previous write's failure
     */
    void write(Write write) throws IOException {
        flush();
        pendingWrite = thread.submit(() -> {
            write.run();
            return null;
        });
    }

    /**
     * Waits for the pending write.
     *
     * @throws IOException its failure
     */
    void flush() throws IOException {
        Future<?> w = pendingWrite;
        pendingWrite = null;
        if (w != null) {
            await(w);
        }
    }

    /**
     * The future's value, its failure rethrown as thrown (an I/O error as such, unchecked ones unchanged).
     *
     * @throws IOException the task's I/O failure, or an interruption of the wait
     */
    static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a frame to be read, restored or written");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * Waits for the pending write, then stops the thread (pending reads are dropped).
     *
     * @throws IOException the pending write's failure
     */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            reads.values().forEach(f -> f.cancel(false));
            thread.shutdown();
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
