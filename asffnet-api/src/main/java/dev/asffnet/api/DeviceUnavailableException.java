package dev.asffnet.api;

/** The requested accelerator (e.g. CUDA) cannot be used and the caller asked for it strictly. */
public class DeviceUnavailableException extends AsffnetException {
    /**
     * @param message the detail message
     * @param cause the underlying failure
     */
    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
