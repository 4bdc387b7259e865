package io.leadflow.intake.spend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.leadflow.support.api.FieldError;

/**
 * The spend file: a YAML map from month to that month's entries, the same list the admin endpoint takes.
 *
 * <pre>
 * 2026-11:
 *   - {source: google_ads, campaign: brand, amount: 4200.00, currency: EUR}
 * </pre>
 */
public final class SpendFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SpendFile() {
    }

    /** A file that cannot be used as it is; the message names every problem. */
    public static class InvalidSpendFile extends RuntimeException {
        InvalidSpendFile(String location, List<FieldError> errors) {
            super("The spend file " + location + " is invalid: " + String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList()));
        }
    }

    /** Reads {@code location} (a path, or {@code classpath:name}) into its months' entries. */
    public static Map<YearMonth, List<SpendEntry>> read(String location, Set<String> sources) {
        JsonNode root;
        try (InputStream in = open(location)) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spend file " + location + ": " + e.getMessage(), e);
        }
        return parse(root, sources, location);
    }

    static Map<YearMonth, List<SpendEntry>> parse(JsonNode root, Set<String> sources, String location) {
        Map<YearMonth, List<SpendEntry>> months = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return months;
        }
        if (!root.isObject()) {
            throw new InvalidSpendFile(location, List.of(new FieldError("$", "must map months (2026-11) to lists")));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            var month = SpendValidator.month(field.getKey());
            if (month.isEmpty()) {
                errors.add(new FieldError(field.getKey(), "is not a month (YYYY-MM)"));
                continue;
            }
            SpendValidator.Result result = SpendValidator.validate(field.getValue(), sources, field.getKey());
            errors.addAll(result.errors());
            months.put(month.get(), result.entries());
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpendFile(location, errors);
        }
        return months;
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException("no such classpath resource");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
