package dev.ignite.engine.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ignite's API object files ({@code apiVersion: ignite.weave.works/v1alpha4}, kinds {@code VM},
 * {@code Image}, {@code Kernel}, {@code Configuration}) in YAML (several documents allowed) or JSON,
 * which YAML reads too.
 */
public final class ApiObjects {
    public static final String API_VERSION = "ignite.weave.works/v1alpha4";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ApiObjects() {
    }

    /** Every object in the file, in order; empty documents are skipped. */
    public static List<JsonNode> documents(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IgniteException("API object file " + file + " does not exist or is not a file");
        }
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
             MappingIterator<JsonNode> objects = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> found = new ArrayList<>();
            while (objects.hasNextValue()) {
                JsonNode object = objects.nextValue();
                if (object != null && !object.isNull() && !object.isMissingNode()) {
                    if (!object.isObject()) {
                        throw new IgniteException(file + " holds '" + object + "', not an API object (apiVersion,"
                                + " kind, metadata, spec)");
                    }
                    found.add(object);
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IgniteException ie) {
                throw ie;
            }
            throw new IgniteException("cannot read API objects from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The objects of one kind ({@code VM}, {@code Image}, {@code Kernel}) in the file. */
    public static List<JsonNode> ofKind(Path file, String kind) {
        return documents(file).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }
}
