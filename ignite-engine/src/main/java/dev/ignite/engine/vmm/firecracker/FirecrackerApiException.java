package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;

/** Firecracker answered a request with an error status; its {@code fault_message} says why. */
public final class FirecrackerApiException extends IgniteException {
    private final String method;
    private final String path;
    private final int status;
    private final String faultMessage;

    FirecrackerApiException(String method, String path, int status, String faultMessage) {
        super(String.format("Firecracker refused %s %s (HTTP %d): %s", method, path, status, faultMessage));
        this.method = method;
        this.path = path;
        this.status = status;
        this.faultMessage = faultMessage;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    public String faultMessage() {
        return faultMessage;
    }
}
