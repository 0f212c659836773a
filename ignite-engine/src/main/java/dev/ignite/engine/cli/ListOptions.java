package dev.ignite.engine.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The output flags every list command shares: {@code -o json|yaml|table}, {@code --format}, {@code -q}. */
final class ListOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table (default), json or yaml (the objects as the store keeps them).")
    OutputFormat output = OutputFormat.TABLE;

    @Option(names = {"--format", "-t", "--template"}, paramLabel = "TEMPLATE", description = "Print each object with a Go-template-like"
            + " TEMPLATE: {{.Field}} placeholders, \\t and \\n escapes; a leading `table ` adds a header and aligns"
            + " columns. Fields are listed in the command's description.")
    String format;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Set by tests that print without a command line; commands take the global {@code -q}. */
    boolean quiet;

    /** Only IDs (names for networks), one per line. */
    boolean quiet() {
        return quiet || mixee != null && IgniteCli.of(mixee).quiet;
    }
}
