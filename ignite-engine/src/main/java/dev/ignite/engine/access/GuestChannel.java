package dev.ignite.engine.access;

import java.nio.file.Path;

/**
 * How the engine runs commands in a guest and copies files either way: the guest agent where the
 * kernel carries it, SSH (exec sessions, SFTP) where it cannot. Callers pick one and use it alone.
 */
public interface GuestChannel {
    /** Runs a shell line as root; a non-zero exit is a result, not an exception. */
    ExecResult exec(ExecRequest request);

    /** Copies a host file or folder tree into the guest; {@code guestPath} names the copy. */
    void copyTo(Path hostPath, String guestPath);

    /** Copies a guest file or folder tree to the host; {@code hostPath} names the copy. */
    void copyFrom(String guestPath, Path hostPath);
}
