package io.leadflow.intake.spend;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadflow.support.api.FieldError;

/**
 * Checks a month's spend, from the admin endpoint or the spend file: a list of {@code {source, campaign, amount,
 * currency}} with a configured source (so spend and leads meet on one label), a short campaign, an amount of at least
 * zero and an ISO 4217 currency, each source, campaign and currency once. Every error names its field.
 */
public final class SpendValidator {

    public static final int MAX_ENTRIES = 500;
    public static final int MAX_CAMPAIGN = 64;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    static final int MAX_DECIMALS = 4;
    static final Set<String> FIELDS = Set.of("source", "campaign", "amount", "currency");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private SpendValidator() {
    }

    public record Result(List<SpendEntry> entries, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** {@code 2026-11}; empty for anything else (other spellings, months before 2000). */
    public static Optional<YearMonth> month(String value) {
        if (value == null || !MONTH.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            YearMonth month = YearMonth.parse(value);
            return month.getYear() >= 2000 ? Optional.of(month) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code prefix} names the list in errors: empty for a request body, {@code 2026-11} in the spend file. */
    public static Result validate(JsonNode list, Set<String> sources, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        List<SpendEntry> entries = new ArrayList<>();
        if (list == null || !list.isArray()) {
            errors.add(new FieldError(prefix.isEmpty() ? "$" : prefix,
                    "must be a list of {source, campaign, amount, currency}"));
            return new Result(entries, errors);
        }
        if (list.size() > MAX_ENTRIES) {
            errors.add(new FieldError(prefix.isEmpty() ? "$" : prefix, "has " + list.size()
                    + " entries; at most " + MAX_ENTRIES));
            return new Result(entries, errors);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = prefix + "[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            int before = errors.size();
            for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    errors.add(new FieldError(at + "." + name, "is not a known field (source, campaign, amount, "
                            + "currency)"));
                }
            }
            String source = text(item, "source", at, errors);
            if (source != null && !sources.contains(source)) {
                errors.add(new FieldError(at + ".source", "is not a configured source (" + String.join(", ",
                        sources.stream().sorted().toList()) + ")"));
            }
            String campaign = text(item, "campaign", at, errors);
            if (campaign != null && (campaign.length() > MAX_CAMPAIGN || campaign.isBlank()
                    || campaign.chars().anyMatch(Character::isISOControl))) {
                errors.add(new FieldError(at + ".campaign", "must be 1 to " + MAX_CAMPAIGN
                        + " characters without control characters"));
            }
            BigDecimal amount = amount(item.get("amount"), at + ".amount", errors);
            String currency = text(item, "currency", at, errors);
            if (currency != null && !knownCurrency(currency)) {
                errors.add(new FieldError(at + ".currency", "is not an ISO 4217 currency code (EUR, USD, GBP, ...)"));
            }
            if (errors.size() == before) {
                Integer first = seen.putIfAbsent(source + "\n" + campaign + "\n" + currency, i);
                if (first != null) {
                    errors.add(new FieldError(at + ".campaign", "repeats " + prefix + "[" + first
                            + "] (same source, campaign and currency)"));
                } else {
                    entries.add(new SpendEntry(source, campaign, amount, currency));
                }
            }
        }
        return new Result(errors.isEmpty() ? List.copyOf(entries) : List.of(), errors);
    }

    private static String text(JsonNode item, String field, String at, List<FieldError> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(at + "." + field, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(at + "." + field, "must be a string"));
            return null;
        }
        return value.asText();
    }

    private static BigDecimal amount(JsonNode value, String field, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!value.isNumber()) {
            errors.add(new FieldError(field, "must be a number"));
            return null;
        }
        BigDecimal amount = value.decimalValue();
        if (amount.signum() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        } else if (amount.compareTo(MAX_AMOUNT) >= 0) {
            errors.add(new FieldError(field, "must be below " + MAX_AMOUNT.toPlainString()));
        } else if (amount.stripTrailingZeros().scale() > MAX_DECIMALS) {
            errors.add(new FieldError(field, "has more than " + MAX_DECIMALS + " decimals"));
        } else {
            return amount;
        }
        return null;
    }

    private static boolean knownCurrency(String code) {
        if (!CURRENCY.matcher(code).matches()) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
