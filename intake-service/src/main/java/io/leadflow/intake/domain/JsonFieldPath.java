package io.leadflow.intake.domain;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds a value in a sender's JSON by a path: names separated by dots, {@code [2]} for an array position, and
 * {@code [field.ref=email]} for the array element whose (nested) property has that value, as Typeform's
 * {@code form_response.answers[field.ref=email].email}.
 */
public final class JsonFieldPath {

    private sealed interface Step permits Name, Index, Select {
    }

    private record Name(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Select(List<String> property, String value) implements Step {
    }

    private final List<Step> steps;
    private final String text;

    private JsonFieldPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    public static JsonFieldPath parse(String path) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + path);
                }
                String inside = path.substring(i + 1, end);
                int equals = inside.indexOf('=');
                if (equals < 0) {
                    steps.add(new Index(Integer.parseInt(inside.strip())));
                } else {
                    steps.add(new Select(List.of(inside.substring(0, equals).strip().split("\\.")),
                            inside.substring(equals + 1).strip()));
                }
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(new Name(path.substring(i, end)));
                i = end;
            }
        }
        return new JsonFieldPath(path, List.copyOf(steps));
    }

    /** The node at this path, or null. */
    public JsonNode node(JsonNode root) {
        JsonNode node = root;
        for (Step step : steps) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (step instanceof Name name) {
                node = node.get(name.name());
            } else if (step instanceof Index index) {
                node = node.isArray() ? node.get(index.index()) : null;
            } else {
                node = select(node, (Select) step);
            }
        }
        return node == null || node.isMissingNode() || node.isNull() ? null : node;
    }

    /** The scalar at this path as text (numbers and booleans included); null for absent values and structures. */
    public String text(JsonNode root) {
        JsonNode node = node(root);
        return node == null || node.isContainerNode() ? null : node.asText();
    }

    private static JsonNode select(JsonNode array, Select select) {
        if (!array.isArray()) {
            return null;
        }
        for (JsonNode element : array) {
            JsonNode property = element;
            for (String name : select.property()) {
                property = property == null ? null : property.get(name);
            }
            if (property != null && !property.isContainerNode() && select.value().equals(property.asText())) {
                return element;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
