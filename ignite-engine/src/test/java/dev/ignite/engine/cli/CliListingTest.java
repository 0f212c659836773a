package dev.ignite.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliListingTest {
    record Box(String id, String name, int size) {
    }

    private static final Listing<Box> LISTING = new Listing<Box>("ID")
            .column("ID", "BOX ID", Box::id)
            .column("Name", "NAME", Box::name)
            .field("Size", "SIZE", b -> String.valueOf(b.size()));

    private static final List<Box> BOXES = List.of(new Box("abc123", "small", 1), new Box("def456", "a-longer-name", 22));

    @Test
    void tableAlignsColumnsThreeSpacesApartWithoutTemplateOnlyFields() {
        assertThat(print(options())).isEqualTo("""
                BOX ID   NAME
                abc123   small
                def456   a-longer-name
                """);
    }

    @Test
    void quietPrintsTheIdFieldOnly() {
        ListOptions options = options();
        options.quiet = true;
        assertThat(print(options)).isEqualTo("abc123\ndef456\n");
    }

    @Test
    void templateFillsFieldsAndUnescapesTabs() {
        ListOptions options = options();
        options.format = "{{.Name}}:{{ .Size }}\\t{{.ID}}";
        assertThat(print(options)).isEqualTo("small:1\tabc123\na-longer-name:22\tdef456\n");
    }

    @Test
    void tableTemplateAddsHeadersAndAligns() {
        ListOptions options = options();
        options.format = "table {{.Size}}\\t{{.Name}}";
        assertThat(print(options)).isEqualTo("""
                SIZE   NAME
                1      small
                22     a-longer-name
                """);
    }

    @Test
    void jsonAndYamlWriteTheObjectsThemselves() {
        ListOptions options = options();
        options.output = OutputFormat.JSON;
        assertThat(print(options)).contains("\"id\" : \"abc123\"", "\"size\" : 22").startsWith("[");
        options.output = OutputFormat.YAML;
        assertThat(print(options)).contains("- id: abc123\n  name: small\n  size: 1\n");
    }

    @Test
    void unknownFieldIsAUsageErrorNamingTheFields() {
        ListOptions options = options();
        options.format = "{{.Nmae}}";
        assertThatThrownBy(() -> print(options)).isInstanceOf(UsageError.class)
                .hasMessage("unknown field {{.Nmae}} in --format; fields: {{.ID}} {{.Name}} {{.Size}}");
        options.format = "{{.name}}";
        assertThatThrownBy(() -> print(options)).hasMessageContaining("did you mean {{.Name}}?");
        options.format = "{{json .}}";
        assertThatThrownBy(() -> print(options)).hasMessageContaining("only {{.Field}} is supported");
    }

    @Test
    void valuesWithLineBreaksOrTabsStayOnOneLine() {
        StringWriter out = new StringWriter();
        LISTING.print(new PrintWriter(out), List.of(new Box("x", "two\nlines\tand tab", 0)), options());
        assertThat(out.toString().lines()).hasSize(2).last().isEqualTo("x        two lines and tab");
    }

    private static ListOptions options() {
        return new ListOptions();
    }

    private static String print(ListOptions options) {
        StringWriter out = new StringWriter();
        LISTING.print(new PrintWriter(out), BOXES, options);
        return out.toString();
    }
}
