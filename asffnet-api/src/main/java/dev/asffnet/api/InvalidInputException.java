package dev.asffnet.api;

/** A caller-supplied argument is unusable; the message names the argument and what is wrong with it. */
public class InvalidInputException extends IllegalArgumentException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
