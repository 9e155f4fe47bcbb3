package dev.asffnet.api;

/** Face detection found no face (above the score threshold and minimum size) where one was required. */
public class NoFaceFoundException extends InvalidInputException {
    public NoFaceFoundException(String message) {
        super(message);
    }
}
