package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class DirectFloatBuffersTest {
    @Test
    void lendsDirectNativeBuffersHoldingTheDataAndReusesThem() {
        DirectFloatBuffers pool = new DirectFloatBuffers(2);
        FloatBuffer a = pool.take(new float[] {1, 2, 3});
        assertTrue(a.isDirect());
        assertEquals(ByteOrder.nativeOrder(), a.order());
        assertEquals(0, a.position());
        assertEquals(3, a.limit());
        assertEquals(2f, a.get(1));
        FloatBuffer b = pool.take(new float[] {4});
        assertNotSame(a, b, "a lent buffer is never lent twice");
        pool.give(a);
        FloatBuffer again = pool.take(new float[] {5, 6});
        assertSame(a, again, "a given-back buffer is reused");
        assertEquals(2, again.limit());
        assertEquals(6f, again.get(1));
        pool.give(again);
        FloatBuffer bigger = pool.take(new float[10]);
        assertNotSame(a, bigger, "too small: a new one");
        assertEquals(10, bigger.limit());
    }

    @Test
    void keepsAtMostMaxPooledIdleBuffers() {
        DirectFloatBuffers pool = new DirectFloatBuffers(1);
        FloatBuffer a = pool.take(new float[1]);
        FloatBuffer b = pool.take(new float[1]);
        pool.give(a);
        pool.give(b);
        assertEquals(1, pool.idle());
        pool.give(FloatBuffer.wrap(new float[1]));
        assertEquals(1, pool.idle(), "heap buffers are not pooled");
        pool.clear();
        assertEquals(0, pool.idle());
        assertThrows(InvalidInputException.class, () -> new DirectFloatBuffers(0));
    }
}
