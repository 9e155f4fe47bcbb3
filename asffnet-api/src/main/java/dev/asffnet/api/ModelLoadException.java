package dev.asffnet.api;

/** A model file is missing, corrupt, or does not have the inputs and outputs the backend expects. */
public class ModelLoadException extends AsffnetException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
