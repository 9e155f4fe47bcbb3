package dev.asffnet.api;

/** An image file is missing, unreadable, corrupt or in an unsupported format. */
public class ImageReadException extends InvalidInputException {
    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
