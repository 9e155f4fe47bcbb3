package dev.asffnet.api;

/** Landmarks of the wrong count, with non-finite values, or missing where they are required. */
public class InvalidLandmarksException extends InvalidInputException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public InvalidLandmarksException(String message) {
        super(message);
    }
}
