package dev.ignite.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process {@code ignite} command line with its stdout, stderr and exit code captured. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IgniteCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs and requires exit 0; a failure shows the whole run. */
    static CliRun ok(String... args) {
        CliRun run = of(args);
        org.assertj.core.api.Assertions.assertThat(run.exitCode()).as("ignite " + String.join(" ", args) + "\n" + run)
                .isZero();
        return run;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
