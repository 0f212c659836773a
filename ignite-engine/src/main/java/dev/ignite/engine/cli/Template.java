package dev.ignite.engine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's {@code --format} in its common form: text with {@code {{.Field}}} placeholders, {@code \t}
 * and {@code \n} escapes, and a leading {@code table } for a header row and aligned columns. Only
 * field references, no functions: {@code {{.Name}}\t{{.State}}}.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.([A-Za-z][A-Za-z0-9]*)\\s*}}");

    private final List<String> literals;
    private final List<String> fields;
    private final boolean table;

    private Template(List<String> literals, List<String> fields, boolean table) {
        this.literals = literals;
        this.fields = fields;
        this.table = table;
    }

    /**
     * Parses {@code text} against the fields a listing offers; an unknown field, a function or an
     * unclosed brace fails with {@link UsageError} naming the closest field.
     */
    static Template parse(String text, List<String> knownFields) {
        boolean table = text.startsWith("table ");
        String body = unescape(table ? text.substring("table ".length()) : text);
        List<String> literals = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(body);
        int last = 0;
        while (m.find()) {
            literals.add(requireNoBraces(body.substring(last, m.start()), text));
            fields.add(known(m.group(1), knownFields));
            last = m.end();
        }
        literals.add(requireNoBraces(body.substring(last), text));
        return new Template(literals, fields, table);
    }

    boolean table() {
        return table;
    }

    /** The line for one object, each field's text taken from {@code values}. */
    String render(Function<String, String> values) {
        StringBuilder line = new StringBuilder(literals.get(0));
        for (int i = 0; i < fields.size(); i++) {
            line.append(values.apply(fields.get(i))).append(literals.get(i + 1));
        }
        return line.toString();
    }

    /** The header line of a {@code table} template: each placeholder replaced by its column header. */
    String header(Map<String, String> headers) {
        return render(headers::get);
    }

    private static String known(String field, List<String> knownFields) {
        for (String candidate : knownFields) {
            if (candidate.equals(field)) {
                return candidate;
            }
        }
        for (String candidate : knownFields) {
            if (candidate.equalsIgnoreCase(field)) {
                throw new UsageError("unknown field {{." + field + "}} in --format (did you mean {{."
                        + candidate + "}}?)");
            }
        }
        throw new UsageError("unknown field {{." + field + "}} in --format; fields: "
                + String.join(" ", knownFields.stream().map(f -> "{{." + f + "}}").toList()));
    }

    private static String requireNoBraces(String literal, String template) {
        if (literal.contains("{{") || literal.contains("}}")) {
            throw new UsageError("--format '" + template + "' has a placeholder this renderer does not"
                    + " know: only {{.Field}} is supported (no functions or pipelines)");
        }
        return literal;
    }

    private static String unescape(String text) {
        return text.replace("\\t", "\t").replace("\\n", "\n");
    }
}
