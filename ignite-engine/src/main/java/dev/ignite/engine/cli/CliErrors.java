package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Every error as one line on stderr, {@code ignite: ...}: usage errors (exit 2) with the closest
 * command or option when there is one, engine errors (exit 1) with their message. A stack trace
 * only with {@code --debug} (or {@code IGNITE_DEBUG} set).
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final int ENGINE_ERROR = 1;
    static final int USAGE_ERROR = 2;

    private final boolean debug;

    CliErrors(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        if (debug) {
            e.printStackTrace(err);
        }
        err.println("ignite: " + usageMessage(e));
        err.flush();
        return USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof ParameterException usage) {
            // Thrown by a command itself once it has looked at its arguments (e.g. `cp` with two local paths).
            return handleParseException(usage, parseResult.originalArgs().toArray(String[]::new));
        }
        if (e instanceof UsageError usage) {
            return handleParseException(new ParameterException(commandLine, usage.getMessage(), usage),
                    parseResult.originalArgs().toArray(String[]::new));
        }
        PrintWriter err = commandLine.getErr();
        if (debug) {
            e.printStackTrace(err);
        }
        err.println("ignite: " + engineMessage(e, debug));
        err.flush();
        return ENGINE_ERROR;
    }

    /** One line naming what was wrong, the closest match if any, and where help is. */
    static String usageMessage(ParameterException e) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String help = "; see `" + name + " --help`";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            if (unmatched.isUnknownOption()) {
                return "unknown option '" + first + "' for `" + name + "`"
                        + didYouMean(Suggestions.closest(first, command.getCommandSpec().optionsMap().keySet())) + help;
            }
            if (!command.getSubcommands().isEmpty() && command.getCommandSpec().positionalParameters().isEmpty()) {
                return "unknown command '" + first + "'"
                        + didYouMean(Suggestions.closest(first, command.getSubcommands().keySet())) + help;
            }
            return "unexpected argument '" + first + "' for `" + name + "`" + help;
        }
        return oneLine(e.getMessage()) + help;
    }

    static String engineMessage(Exception e, boolean debug) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String first = message.lines().findFirst().orElse("");
        boolean more = !first.equals(message.strip());
        String text = e instanceof IgniteException ? first
                : e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
        return text + (more && !debug ? " (more with --debug)" : "")
                + (!(e instanceof IgniteException) && !debug ? " (stack trace with --debug)" : "");
    }

    private static String didYouMean(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
    }

    private static String oneLine(String message) {
        String text = message == null ? "invalid input" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
