package dev.ignite.junit;

import dev.ignite.engine.vm.SerialLog;
import dev.ignite.engine.vm.Vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Follows a VM's serial console on a daemon thread and keeps every kernel panic, oops or {@code BUG:}
 * it prints, with the lines before and after it, until a test collects them. A test cannot be
 * interrupted safely from another thread, so the extension fails it when it ends (or when its own
 * failure is handled, e.g. an exec that lost its VM to the panic).
 */
final class ConsoleWatcher implements AutoCloseable {
    static final Pattern KERNEL_ERROR = SerialLog.KERNEL_ERROR;
    private static final int LINES_BEFORE = 5;
    private static final int LINES_AFTER = 20;

    private final Vm vm;
    private final Thread thread;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<String> pending = new ArrayList<>();
    private StringBuilder open;
    private int linesAfter;

    private ConsoleWatcher(Vm vm) {
        this.vm = vm;
        this.thread = new Thread(this::follow, "ignite-console-" + vm.name());
        this.thread.setDaemon(true);
    }

    static ConsoleWatcher start(Vm vm) {
        ConsoleWatcher watcher = new ConsoleWatcher(vm);
        watcher.thread.start();
        return watcher;
    }

    private void follow() {
        try {
            vm.serialLog().follow(0, this::accept);
        } catch (RuntimeException e) {
            // Interrupted while reading (the VM is being closed) or its log removed: nothing left to watch.
        }
        synchronized (this) {
            finishExcerpt();
        }
    }

    private synchronized void accept(String line) {
        if (open != null) {
            open.append('\n').append(line);
            if (++linesAfter >= LINES_AFTER) {
                finishExcerpt();
            }
        } else if (KERNEL_ERROR.matcher(line).find()) {
            open = new StringBuilder(String.join("\n", recent));
            open.append(open.length() > 0 ? "\n" : "").append(line);
            linesAfter = 0;
        }
        recent.addLast(line);
        if (recent.size() > LINES_BEFORE) {
            recent.removeFirst();
        }
    }

    private void finishExcerpt() {
        if (open != null) {
            pending.add(open.toString());
            open = null;
        }
    }

    /**
     * The kernel errors printed since the last call, waiting briefly so that lines already in the log
     * are read; an excerpt still being written is returned as far as it goes.
     */
    synchronized List<String> takeErrors() {
        try {
            wait(200); // the follower polls the log every 100 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishExcerpt();
        List<String> errors = List.copyOf(pending);
        pending.clear();
        return errors;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
