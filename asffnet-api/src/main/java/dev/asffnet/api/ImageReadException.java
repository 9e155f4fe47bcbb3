package dev.asffnet.api;

/** An image file is missing, unreadable, corrupt or in an unsupported format. */
public class ImageReadException extends InvalidInputException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public ImageReadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param cause the underlying failure
     */
    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
