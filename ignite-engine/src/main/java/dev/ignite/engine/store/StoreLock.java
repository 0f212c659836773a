package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a name in the store, held across threads of this JVM (a {@link ReentrantLock})
 * and across processes (an OS file lock, released by the kernel if the process dies).
 */
public final class StoreLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private StoreLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    public static StoreLock acquire(IgniteHome home, String name) {
        Path file = home.locks().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        threadLock.lock();
        // An interrupted thread still cleans up (a pool closed mid-restore removes its VM): file
        // channels would fail at once with the interrupt flag set, so it is set again afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.FILE);
            try {
                return new StoreLock(threadLock, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            threadLock.unlock();
            throw new IgniteException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            threadLock.unlock();
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            throw new IgniteException("cannot release store lock: " + e.getMessage(), e);
        } finally {
            threadLock.unlock();
        }
    }
}
