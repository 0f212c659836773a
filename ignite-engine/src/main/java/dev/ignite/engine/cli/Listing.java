package dev.ignite.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a list command can show about its objects: named fields (the {@code --format} placeholders),
 * the subset that makes the default table, and the field {@code -q} prints. One renderer for
 * {@code ps}, {@code images}, {@code kernels}, {@code network ls} and any later list:
 * <pre>{@code
 * static final Listing<Snapshot> LISTING = new Listing<Snapshot>("ID")
 *         .column("ID", "SNAPSHOT ID", Snapshot::id)          // in the table and in templates
 *         .field("Disk", "DISK", s -> s.diskFile());          // in templates only
 * ListOptions list;                     // a @Mixin field: -o, --format, -q
 * LISTING.print(spec.commandLine().getOut(), snapshots, list);
 * }</pre>
 */
final class Listing<T> {
    private final Map<String, Field<T>> fields = new LinkedHashMap<>();
    private final String quietField;

    private record Field<T>(String header, Function<T, String> value, boolean inTable) {
    }

    /** {@code quietField}: the field {@code -q} prints, one per line (an ID, or a name where there is none). */
    Listing(String quietField) {
        this.quietField = quietField;
    }

    /** A field shown in the default table under {@code header}. */
    Listing<T> column(String field, String header, Function<T, String> value) {
        fields.put(field, new Field<>(header, value, true));
        return this;
    }

    /** A field only templates show. */
    Listing<T> field(String field, String header, Function<T, String> value) {
        fields.put(field, new Field<>(header, value, false));
        return this;
    }

    List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /** Prints {@code items} as the options ask: IDs only, a template, JSON or YAML of the objects, or a table. */
    void print(PrintWriter out, List<T> items, ListOptions options) {
        if (options.quiet()) {
            items.forEach(item -> out.println(value(item, quietField)));
        } else if (options.format != null) {
            printTemplate(out, items, Template.parse(options.format, fieldNames()));
        } else if (options.output != OutputFormat.TABLE) {
            out.print(Structured.write(items, options.output));
        } else {
            List<String> lines = new ArrayList<>();
            lines.add(String.join("\t", fields.values().stream().filter(Field::inTable).map(Field::header).toList()));
            for (T item : items) {
                lines.add(String.join("\t", fields.values().stream().filter(Field::inTable)
                        .map(f -> clean(f.value().apply(item))).toList()));
            }
            TextTable.print(out, lines);
        }
        out.flush();
    }

    private void printTemplate(PrintWriter out, List<T> items, Template template) {
        if (template.table()) {
            List<String> lines = new ArrayList<>();
            Map<String, String> headers = new LinkedHashMap<>();
            fields.forEach((name, f) -> headers.put(name, f.header()));
            lines.add(template.header(headers));
            items.forEach(item -> lines.add(template.render(field -> value(item, field))));
            TextTable.print(out, lines);
        } else {
            items.forEach(item -> out.println(template.render(field -> value(item, field))));
        }
    }

    private String value(T item, String field) {
        return clean(fields.get(field).value().apply(item));
    }

    /** Null shows as nothing; a tab or line break inside a value would break the columns. */
    private static String clean(String value) {
        return value == null ? "" : value.replaceAll("[\\t\\r\\n]+", " ");
    }
}
