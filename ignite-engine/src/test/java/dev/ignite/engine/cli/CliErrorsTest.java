package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CliErrorsTest {
    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        @CommandLine.Parameters(defaultValue = "engine")
        String kind;

        @Override
        public Integer call() {
            switch (kind) {
                case "engine" -> throw new IgniteException("VM web did not boot\n--- serial console ---\npanic");
                case "bug" -> throw new IllegalStateException("unexpected");
                default -> throw new UsageError("choose one of COMMAND, -it and --ssh");
            }
        }
    }

    @Test
    void engineErrorIsItsFirstLineWithExitCode1() {
        Result r = run(false, "engine");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("ignite: VM web did not boot (more with --debug)\n");
    }

    @Test
    void unexpectedExceptionIsOneLineNamingItsType() {
        Result r = run(false, "bug");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("ignite: IllegalStateException: unexpected (stack trace with --debug)\n");
    }

    @Test
    void usageErrorFoundByACommandExits2() {
        Result r = run(false, "usage");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("ignite: choose one of COMMAND, -it and --ssh; see `fails --help`\n");
    }

    @Test
    void debugAddsTheStackTraceAndTheWholeMessage() {
        Result r = run(true, "engine");
        assertThat(r.err).contains("dev.ignite.engine.IgniteException: VM web did not boot", "\tat ", "panic")
                .endsWith("ignite: VM web did not boot\n");
    }

    @Test
    void missingParametersAndBadValuesAreOneLineWithExit2() {
        CliRun missing = CliRun.of("exec");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("ignite: missing required parameters: 'VM', 'COMMAND'; see `ignite exec"
                + " --help`\n");
        CliRun badValue = CliRun.of("ps", "-o", "xml");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).startsWith("ignite: invalid value for option '--output': expected one of [TABLE,"
                + " JSON, YAML] (case-insensitive) but was 'xml'").doesNotContain("\tat ").hasLineCount(1);
        CliRun cp = CliRun.of("cp", "a", "b");
        assertThat(cp.exitCode()).isEqualTo(2);
        assertThat(cp.err()).hasLineCount(1).startsWith("ignite: one of SRC and DST must be in a VM");
    }

    @Test
    void helpAndVersionGoToStdoutWithExit0() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ignite", "exec", "doctor", "Exit codes:");
        CliRun version = CliRun.of("version");
        assertThat(version.out()).startsWith("ignite ");
        assertThat(CliRun.of("ps", "--help").out()).contains("--filter=KEY=VALUE", "-t, --format, --template=TEMPLATE");
    }

    private record Result(int code, String err) {
    }

    private static Result run(boolean debug, String kind) {
        StringWriter err = new StringWriter();
        CliErrors errors = new CliErrors(debug);
        int code = new CommandLine(new Fails()).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
                .setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors).execute(kind);
        return new Result(code, err.toString());
    }
}
