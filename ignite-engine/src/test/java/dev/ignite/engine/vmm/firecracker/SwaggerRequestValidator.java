package dev.ignite.engine.vmm.firecracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one HTTP request against a Swagger 2.0 API description: the path matches a template, the
 * method exists there, path parameters are present, and the body obeys the referenced definition
 * (required properties, types, enums, bounds, {@code $ref}). Unknown properties are rejected unless
 * {@code additionalProperties} allows them, because Firecracker's API structs deny unknown fields.
 */
final class SwaggerRequestValidator {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");
    private final JsonNode spec;

    private SwaggerRequestValidator(JsonNode spec) {
        this.spec = spec;
    }

    static SwaggerRequestValidator firecracker() {
        try (InputStream in = SwaggerRequestValidator.class.getResourceAsStream("/firecracker-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("firecracker-api.yaml is not on the test class path");
            }
            return new SwaggerRequestValidator(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return spec.path("info").path("version").asText();
    }

    /** Every way the request breaks the description; empty when it conforms. {@code body} null = no body. */
    List<String> validate(String method, String path, JsonNode body) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> template : spec.path("paths").properties()) {
            Matcher m = templateRegex(template.getKey()).matcher(path);
            if (!m.matches()) {
                continue;
            }
            JsonNode operation = template.getValue().get(method.toLowerCase(Locale.ROOT));
            if (operation == null) {
                problems.add("no " + method + " operation on " + template.getKey());
                return problems;
            }
            checkParameters(operation, m, body, problems);
            return problems;
        }
        problems.add("no path in the API description matches " + path);
        return problems;
    }

    /** Checks a value against a named definition, e.g. to keep the fake server's own replies honest. */
    List<String> validateDefinition(String name, JsonNode value) {
        List<String> problems = new ArrayList<>();
        checkSchema(definition("#/definitions/" + name), value, name, problems);
        return problems;
    }

    private void checkParameters(JsonNode operation, Matcher path, JsonNode body, List<String> problems) {
        boolean takesBody = false;
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.path("name").asText();
            switch (parameter.path("in").asText()) {
                case "path" -> {
                    String value = path.group(groupName(name));
                    if (value.isEmpty() && parameter.path("required").asBoolean()) {
                        problems.add("path parameter " + name + " is empty");
                    }
                }
                case "body" -> {
                    takesBody = true;
                    if (body == null) {
                        if (parameter.path("required").asBoolean()) {
                            problems.add("the request needs a body");
                        }
                    } else {
                        checkSchema(parameter.path("schema"), body, "body", problems);
                    }
                }
                default -> problems.add("parameter kind " + parameter.path("in").asText() + " is not checked here");
            }
        }
        if (!takesBody && body != null) {
            problems.add("the request takes no body but got " + body);
        }
    }

    private void checkSchema(JsonNode schema, JsonNode value, String where, List<String> problems) {
        if (schema.has("$ref")) {
            checkSchema(definition(schema.get("$ref").asText()), value, where, problems);
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            problems.add(where + " must be of type " + type + " but was: " + value);
            return;
        }
        if (schema.has("enum") && !enumContains(schema.get("enum"), value)) {
            problems.add(where + " must be one of " + schema.get("enum") + " but was: " + value);
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(where + " must be at least " + schema.get("minimum") + " but was: " + value);
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where + " must be at most " + schema.get("maximum") + " but was: " + value);
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkSchema(schema.path("items"), value.get(i), where + "[" + i + "]", problems);
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, where, problems);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String where, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(where + " lacks required property " + required.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String name = where + "." + field.getKey();
            if (properties.has(field.getKey())) {
                checkSchema(properties.get(field.getKey()), field.getValue(), name, problems);
            } else if (additional.isObject()) {
                checkSchema(additional, field.getValue(), name, problems);
            } else if (!additional.asBoolean(false)) {
                problems.add(where + " has unknown property " + field.getKey());
            }
        }
    }

    private JsonNode definition(String ref) {
        if (!ref.startsWith("#/definitions/")) {
            throw new IllegalArgumentException("only local definition references are supported: " + ref);
        }
        JsonNode definition = spec.path("definitions").path(ref.substring("#/definitions/".length()));
        if (definition.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return definition;
    }

    private static boolean enumContains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.asText().equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Regex group names allow letters and digits only. */
    private static String groupName(String parameter) {
        return parameter.replaceAll("[^A-Za-z0-9]", "");
    }

    /** {@code /drives/{drive_id}} becomes {@code /drives/(?<driveid>[^/]*)}. */
    private static Pattern templateRegex(String template) {
        Matcher m = PATH_PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())))
                    .append("(?<").append(groupName(m.group(1))).append(">[^/]*)");
            last = m.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(last))).toString());
    }
}
