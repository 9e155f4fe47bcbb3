package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.InvalidInputException;
import org.junit.jupiter.api.Test;

class OnnxSessionsTest {
    @Test
    void zeroThreadsMeansOnePerProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), OnnxSessions.intraOpThreads(0));
        assertEquals(3, OnnxSessions.intraOpThreads(3));
        assertThrows(InvalidInputException.class, () -> OnnxSessions.intraOpThreads(-1));
    }
}
