package dev.ignite.engine.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", description = {"Print a shell completion script for ignite: bash (default), zsh or fish.",
        "bash: `source <(ignite completion)`; zsh: `source <(ignite completion zsh)` (bash completion through"
                + " bashcompinit); fish: `ignite completion fish | source`."})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { BASH, ZSH, FISH }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine ignite = IgniteCli.commandLine();
        String script = switch (shell) {
            case BASH -> AutoComplete.bash("ignite", ignite);
            case ZSH -> "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("ignite", ignite);
            case FISH -> fish(ignite);
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Fish's {@code complete} lines: subcommands after their parents, then each command's long and short options. */
    static String fish(CommandLine ignite) {
        StringBuilder fish = new StringBuilder("complete -c ignite -f\n");
        addFish(ignite, "", fish);
        return fish.toString();
    }

    private static void addFish(CommandLine command, String path, StringBuilder fish) {
        String condition = path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path;
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                fish.append("complete -c ignite -n '").append(condition).append("' -a ").append(name)
                        .append(" -d ").append(quote(first(sub.getCommandSpec().usageMessage().description())))
                        .append('\n');
            }
        });
        for (OptionSpec option : command.getCommandSpec().options()) {
            fish.append("complete -c ignite");
            if (!path.isEmpty()) {
                fish.append(" -n '").append(condition).append("'");
            }
            for (String name : option.names()) {
                fish.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
            }
            fish.append(option.arity().max() > 0 ? " -r" : "").append(" -d ")
                    .append(quote(first(option.description()))).append('\n');
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                addFish(sub, name, fish);
            }
        });
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0].split("(?<=\\.) ")[0];
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
