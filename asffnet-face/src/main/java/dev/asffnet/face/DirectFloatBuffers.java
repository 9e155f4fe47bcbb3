package dev.asffnet.face;

import dev.asffnet.api.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of native-order direct {@link FloatBuffer}s for ONNX Runtime input tensors. A tensor made
 * from a direct native-order buffer uses that memory as it is, where one made from a wrapped heap array gets
 * a fresh direct copy on every call. Thread-safe: {@link #take} lends a buffer to one caller until
 * {@link #give} returns it; at most {@code maxPooled} idle buffers are kept (one per concurrent caller is
 * enough), so the pool never holds more than that many buffers' memory.
 */
public final class DirectFloatBuffers {
    private final ConcurrentLinkedDeque<FloatBuffer> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxPooled;

    /**
     * An empty pool.
     *
     * @param maxPooled how many idle buffers to keep at most (1 or more)
     * @throws InvalidInputException if {@code maxPooled} is below 1
     */
    public DirectFloatBuffers(int maxPooled) {
        if (maxPooled < 1) {
            throw new InvalidInputException("maxPooled must be 1 or more, got " + maxPooled);
        }
        this.maxPooled = maxPooled;
    }

    /**
     * A pooled (or new) direct buffer holding a copy of {@code data}: position 0, limit {@code data.length}.
     * Give it back with {@link #give} once the tensor made from it is closed.
     *
     * @param data the values to copy
     * @return the buffer, lent to the caller alone
     */
    public FloatBuffer take(float[] data) {
        FloatBuffer b = idle.pollFirst();
        if (b != null) {
            idleCount.decrementAndGet();
        }
        if (b == null || b.capacity() < data.length) {
            b = ByteBuffer.allocateDirect(Math.multiplyExact(data.length, Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        b.clear();
        b.put(data);
        b.flip();
        return b;
    }

    /**
     * Returns a buffer from {@link #take} for reuse; kept only while fewer than {@code maxPooled} are idle.
     *
     * @param buffer the buffer; no tensor may still use it
     */
    public void give(FloatBuffer buffer) {
        if (buffer != null && buffer.isDirect() && idleCount.incrementAndGet() <= maxPooled) {
            idle.addFirst(buffer);
        } else if (buffer != null && buffer.isDirect()) {
            idleCount.decrementAndGet();
        }
    }

    /** @return how many idle buffers the pool holds now */
    public int idle() {
        return idleCount.get();
    }

    /** Drops every idle buffer (their memory goes with the next garbage collection). */
    public void clear() {
        while (idle.pollFirst() != null) {
            idleCount.decrementAndGet();
        }
    }
}
