package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.ConsoleAttachment;
import dev.ignite.engine.access.DetachKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "attach", description = "Attach this terminal to a running VM's serial console (ttyS0). Detaching"
        + " leaves the VM running.")
final class AttachCommand implements Callable<Integer> {
    static final String DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "VM name or unique ID prefix.")
    String vm;

    @Option(names = "--detach-keys", defaultValue = DEFAULT_DETACH_KEYS, description = "Keys that detach,"
            + " comma-separated: a character or ctrl-<letter> (default: ${DEFAULT-VALUE}).")
    String detachKeys;

    @Override
    public Integer call() {
        ConsoleAttachment.Ending ending = attach(Engine.open().vms().console(vm), vm, DetachKeys.parse(detachKeys),
                spec.commandLine().getErr());
        if (ending == ConsoleAttachment.Ending.DETACHED) {
            spec.commandLine().getErr().println("ignite: detached; VM " + vm + " is still running");
        }
        return 0;
    }

    /** This terminal on the VM's console until the detach keys, the end of input, or the VM's end. */
    static ConsoleAttachment.Ending attach(Console console, String vm, DetachKeys keys, PrintWriter err) {
        if (!console.running()) {
            throw new IgniteException("VM " + vm + " is not running: there is no console to attach to (`ignite logs "
                    + vm + "` shows what it printed)");
        }
        err.println("ignite: attached to the console of VM " + vm + ": press Enter for a prompt, "
                + keys.display() + " to detach");
        err.flush();
        ConsoleAttachment.Ending ending;
        // Unbuffered stdout: each echoed key must show at once.
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        try (RawTerminal ignored = RawTerminal.enterIfInteractive()) {
            ending = console.attach(System.in, out, keys);
        }
        // After raw mode the cursor may be mid-line: start the CLI's own lines on a fresh one.
        switch (ending) {
            case DETACHED -> err.print("\n");
            case CONSOLE_CLOSED -> err.println("\nignite: VM " + vm + " stopped");
            case INPUT_CLOSED -> { }
        }
        err.flush();
        return ending;
    }
}
