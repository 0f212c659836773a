package dev.ignite.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ignite inspect -t}: Go-template field paths over an object, as Ignite users write them
 * ({@code {{.Spec.Image.OCI}}}, {@code {{.ObjectMeta.Name}}}, {@code {{.Status.IPAddresses}}}). Keys
 * match without case; Go's embedded {@code ObjectMeta} is {@code metadata}; a key not found at its
 * level is looked for one level down ({@code .Status.IPAddresses} is {@code status.network.ipAddresses}).
 * Lists print as Go prints them: {@code [a b]}. Only field paths, no functions.
 */
final class ObjectTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*((?:\\.[A-Za-z][A-Za-z0-9]*)+|\\.)\\s*}}");

    private ObjectTemplate() {
    }

    static String render(String template, JsonNode object) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(text(resolve(object, m.group(1)), m.group(1))));
        }
        m.appendTail(out);
        if (out.indexOf("{{") >= 0) {
            throw new UsageError("template '" + template + "' has a placeholder other than a field path like"
                    + " {{.Spec.Image.OCI}} (functions and pipelines are not supported)");
        }
        return out.toString().replace("\\n", "\n").replace("\\t", "\t");
    }

    private static JsonNode resolve(JsonNode object, String path) {
        JsonNode node = object;
        for (String key : path.substring(1).split("\\.")) {
            if (key.isEmpty()) {
                continue;
            }
            JsonNode next = child(node, key.equalsIgnoreCase("ObjectMeta") ? "metadata" : key);
            if (next == null) {
                next = grandchild(node, key);
            }
            if (next == null) {
                throw new UsageError("template field " + path + ": no '" + key + "' in " + keys(node));
            }
            node = next;
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String key) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(key)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static JsonNode grandchild(JsonNode node, String key) {
        for (JsonNode value : node) {
            JsonNode found = value.isObject() ? child(value, key) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String keys(JsonNode node) {
        StringBuilder keys = new StringBuilder();
        node.fieldNames().forEachRemaining(k -> keys.append(keys.length() == 0 ? "" : ", ").append(k));
        return keys.length() == 0 ? "a value without fields" : "{" + keys + "}";
    }

    private static String text(JsonNode node, String path) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder list = new StringBuilder("[");
            node.forEach(item -> list.append(list.length() == 1 ? "" : " ").append(text(item, path)));
            return list.append(']').toString();
        }
        return node.toString();
    }
}
