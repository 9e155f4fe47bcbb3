package dev.asffnet.api;

/** A model file is missing, corrupt, or does not have the inputs and outputs the backend expects. */
public class ModelLoadException extends AsffnetException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
