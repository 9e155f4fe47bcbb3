package dev.asffnet.api;

/** Root of the library's runtime failures that are not caused by a bad argument (model, device, I/O). */
public class AsffnetException extends RuntimeException {
    public AsffnetException(String message) {
        super(message);
    }

    public AsffnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
