package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloseGuardTest {
    @Test
    void closeWaitsForCallsInFlightAndReleasesOnce() throws Exception {
        CloseGuard guard = new CloseGuard("test net");
        AtomicInteger released = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger seenReleased = new AtomicInteger(-1);
        Thread caller = new Thread(() -> guard.call(() -> {
            inside.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seenReleased.set(released.get());
            return null;
        }));
        caller.start();
        inside.await();
        Thread closer = new Thread(() -> guard.close(released::incrementAndGet));
        closer.start();
        proceed.countDown();
        caller.join();
        closer.join();
        assertEquals(0, seenReleased.get(), "the call in flight ran before the release");
        guard.close(released::incrementAndGet);
        assertEquals(1, released.get(), "double close is a no-op");
        assertTrue(guard.isClosed());
        RestorerClosedException e = assertThrows(RestorerClosedException.class, () -> guard.call(() -> 1));
        assertTrue(e.getMessage().contains("test net is closed"), e.getMessage());
    }

    @Test
    void threadCountIsBounded() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RestorerOptions.defaults().withThreads(100000));
        assertTrue(e.getMessage().contains("between 0"), e.getMessage());
        assertEquals(RestorerOptions.maxThreads(), RestorerOptions.defaults().withThreads(RestorerOptions.maxThreads())
                .threads());
    }
}
