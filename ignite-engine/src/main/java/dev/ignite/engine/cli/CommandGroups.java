package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Ignite's command groups beside the Docker-style verbs: {@code ignite vm|image|kernel VERB}. Each
 * verb is the same command class as its top-level twin ({@code vm ps} is {@code ps}, {@code image rm}
 * is {@code rmi}), so both spellings cannot drift apart.
 */
final class CommandGroups {
    private CommandGroups() {
    }

    /** A group prints its verbs when named alone. */
    abstract static class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "vm", description = "Manage VMs (the same verbs as `ignite run`, `ps`, `stop`, ...).")
    static final class VmGroup extends Group {
    }

    @Command(name = "image", description = "Manage base images for VMs (`ls`, `import`, `rm`).")
    static final class ImageGroup extends Group {
    }

    @Command(name = "kernel", description = "Manage VM kernels (`ls`, `import`, `rm`).")
    static final class KernelGroup extends Group {
    }

    /** The verb under its group's name for it ({@code image ls} is {@code images}), in help and errors too. */
    private static void add(CommandLine group, String name, Object verb, String... aliases) {
        CommandLine command = new CommandLine(verb);
        command.getCommandSpec().name(name);
        group.addSubcommand(name, command, aliases);
    }

    static void addTo(CommandLine ignite) {
        CommandLine vm = new CommandLine(new VmGroup());
        add(vm, "attach", new AttachCommand());
        add(vm, "create", new CreateCommand());
        add(vm, "exec", new ExecCommand());
        add(vm, "kill", new KillCommand());
        add(vm, "logs", new LogsCommand());
        add(vm, "ps", new PsCommand(), "ls", "list");
        add(vm, "rm", new RmCommand());
        add(vm, "run", new RunCommand());
        add(vm, "ssh", new SshCommand());
        add(vm, "start", new StartCommand());
        add(vm, "stop", new StopCommand());
        ignite.addSubcommand("vm", vm);

        CommandLine image = new CommandLine(new ImageGroup());
        add(image, "import", new ImportCommand.ImageImport());
        add(image, "ls", new ImagesCommand(), "list");
        add(image, "rm", new RmiCommand());
        ignite.addSubcommand("image", image);

        CommandLine kernel = new CommandLine(new KernelGroup());
        add(kernel, "import", new ImportCommand.KernelImport());
        add(kernel, "ls", new KernelsCommand(), "list");
        add(kernel, "rm", new RmkCommand());
        ignite.addSubcommand("kernel", kernel);
    }
}
