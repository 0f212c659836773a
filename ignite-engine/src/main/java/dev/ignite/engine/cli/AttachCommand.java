package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.ConsoleAttachment;
import dev.ignite.engine.access.DetachKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.util.concurrent.Callable;

@Command(name = "attach", description = "Attach this terminal to a running VM's serial console (ttyS0). Detaching"
        + " leaves the VM running.")
final class AttachCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VM", description = "VM name or ID.")
    String vm;

    @Option(names = "--detach-keys", defaultValue = "ctrl-p,ctrl-q", description = "Keys that detach, comma-separated:"
            + " a character or ctrl-<letter> (default: ${DEFAULT-VALUE}).")
    String detachKeys;

    @Override
    public Integer call() {
        DetachKeys keys = DetachKeys.parse(detachKeys);
        Console console = Engine.open().vms().console(vm);
        if (!console.running()) {
            throw new IgniteException("VM " + vm + " is not running: there is no console to attach to (`ignite logs "
                    + vm + "` shows what it printed)");
        }
        System.err.println("ignite: attached to the console of VM " + vm + ": press Enter for a prompt, "
                + keys.display() + " to detach");
        ConsoleAttachment.Ending ending;
        // Unbuffered stdout: each echoed key must show at once.
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        try (RawTerminal ignored = RawTerminal.enterIfInteractive()) {
            ending = console.attach(System.in, out, keys);
        }
        switch (ending) {
            case DETACHED -> System.err.println("\nignite: detached; VM " + vm + " is still running");
            case CONSOLE_CLOSED -> System.err.println("\nignite: VM " + vm + " stopped");
            case INPUT_CLOSED -> { }
        }
        return 0;
    }
}
