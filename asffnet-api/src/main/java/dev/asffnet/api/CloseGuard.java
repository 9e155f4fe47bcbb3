package dev.asffnet.api;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes {@code close()} of an object with native resources safe at any time: calls run under a read lock,
 * {@link #close(Runnable)} takes the write lock, so it waits for calls in flight and releases the resources
 * exactly once; calls after it throw {@link RestorerClosedException}. Reentrant: a guarded call may make
 * further guarded calls.
 */
public final class CloseGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private boolean closed;

    /**
     * @param what names the guarded object in the closed message, e.g. "ONNX ASFFNet network"
     */
    public CloseGuard(String what) {
        this.what = what;
    }

    /**
     * Runs {@code call} unless closed.
     *
     * @param call the work that uses the guarded resources
     * @param <T> its result type
     * @return its result
     * @throws RestorerClosedException if {@link #close(Runnable)} has been called
     */
    public <T> T call(Supplier<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new RestorerClosedException(what + " is closed: open a new one");
            }
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Waits for calls in flight, then runs {@code release} once; later calls of this method do nothing.
     *
     * @param release frees the guarded resources
     */
    public void close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @return whether {@link #close(Runnable)} has been called */
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }
}
