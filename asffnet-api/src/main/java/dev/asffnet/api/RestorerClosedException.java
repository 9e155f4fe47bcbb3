package dev.asffnet.api;

/**
 * A restorer, engine network or face net was used after {@code close()}. Calls already running when
 * {@code close()} was called finish normally; only later calls fail with this exception, on every backend.
 */
public class RestorerClosedException extends AsffnetException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public RestorerClosedException(String message) {
        super(message);
    }
}
