package dev.ignite.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ignite.engine.IgniteException;

/** Objects as the store keeps them (kind, apiVersion, ...), printed as JSON or YAML. */
final class Structured {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private Structured() {
    }

    static String write(Object value, OutputFormat format) {
        try {
            return switch (format) {
                case JSON -> JSON.writeValueAsString(value) + "\n";
                case YAML -> YAML.writeValueAsString(value);
                case TABLE -> throw new IllegalArgumentException("a table is not a structured format");
            };
        } catch (JsonProcessingException e) {
            throw new IgniteException("cannot write " + value.getClass().getSimpleName() + " as " + format + ": "
                    + e.getMessage(), e);
        }
    }
}
