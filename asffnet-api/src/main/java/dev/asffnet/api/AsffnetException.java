package dev.asffnet.api;

/** Root of the library's runtime failures that are not caused by a bad argument (model, device, I/O). */
public class AsffnetException extends RuntimeException {
    /**
     * @param message the detail message
     */
    public AsffnetException(String message) {
        super(message);
    }

    /**
     * @param message the detail message
     * @param cause the underlying failure
     */
    public AsffnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
