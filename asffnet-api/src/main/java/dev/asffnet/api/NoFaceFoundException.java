package dev.asffnet.api;

/** Face detection found no face (above the score threshold and minimum size) where one was required. */
public class NoFaceFoundException extends InvalidInputException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public NoFaceFoundException(String message) {
        super(message);
    }
}
