package dev.asffnet.api;

/** A caller-supplied argument is unusable; the message names the argument and what is wrong with it. */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
