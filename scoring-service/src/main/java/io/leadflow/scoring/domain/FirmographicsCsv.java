package io.leadflow.scoring.domain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads firmographic reference data from CSV with a header row: {@code domain,name,industry,employees,annual_revenue,
 * country,funding_stage,funded_on,recent_news} ({@code domain} and {@code name} required, the rest may be empty).
 * A bad row is reported with its line, field and reason and skipped; the good rows are kept.
 */
public final class FirmographicsCsv {

    public static final int MAX_ROWS = 100_000;
    static final Set<String> COLUMNS = Set.of("domain", "name", "industry", "employees", "annual_revenue", "country",
            "funding_stage", "funded_on", "recent_news");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** A row that could not be used: its line in the file, the field and why. */
    public record RowError(long line, String field, String message) {
    }

    public record Result(List<Firmographics> companies, List<RowError> errors) {
    }

    private FirmographicsCsv() {
    }

    public static Result read(Reader csv) {
        List<Firmographics> companies = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String required : List.of("domain", "name")) {
                if (header.keySet().stream().noneMatch(h -> h.equalsIgnoreCase(required))) {
                    errors.add(new RowError(1, required, "required column is missing"));
                }
            }
            header.keySet().stream().filter(h -> !COLUMNS.contains(h.toLowerCase(Locale.ROOT))).forEach(h -> errors
                    .add(new RowError(1, h, "unknown column; expected some of " + COLUMNS)));
            if (!errors.isEmpty()) {
                return new Result(List.of(), errors);
            }
            for (CSVRecord record : parser) {
                if (record.getRecordNumber() > MAX_ROWS) {
                    errors.add(new RowError(parser.getCurrentLineNumber(), "", "more than " + MAX_ROWS
                            + " rows; the rest was not read"));
                    break;
                }
                row(record, parser.getCurrentLineNumber(), errors).ifPresent(companies::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            errors.add(new RowError(0, "", "not readable as CSV: " + e.getMessage()));
        }
        return new Result(companies, errors);
    }

    private static Optional<Firmographics> row(CSVRecord record, long line, List<RowError> errors) {
        int before = errors.size();
        String domain = lower(value(record, "domain"));
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            errors.add(new RowError(line, "domain", "required: a domain name such as acme.com"));
        }
        String name = value(record, "name");
        if (name == null || name.length() > 300) {
            errors.add(new RowError(line, "name", "required, at most 300 characters"));
        }
        String industry = lower(value(record, "industry"));
        if (industry != null && !SLUG.matcher(industry).matches()) {
            errors.add(new RowError(line, "industry", "lower-case letters, digits and '_' (software, manufacturing)"));
        }
        Integer employees = number(record, "employees", line, errors, Integer.MAX_VALUE).map(Long::intValue)
                .orElse(null);
        Long revenue = number(record, "annual_revenue", line, errors, Long.MAX_VALUE).orElse(null);
        String country = value(record, "country");
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!COUNTRY.matcher(country).matches()) {
                errors.add(new RowError(line, "country", "an ISO 3166 two-letter code (FR, US)"));
            }
        }
        String stage = lower(value(record, "funding_stage"));
        if (stage != null && !SLUG.matcher(stage).matches()) {
            errors.add(new RowError(line, "funding_stage", "lower-case letters, digits and '_' (seed, series_b)"));
        }
        LocalDate fundedOn = null;
        String funded = value(record, "funded_on");
        if (funded != null) {
            try {
                fundedOn = LocalDate.parse(funded);
            } catch (DateTimeParseException e) {
                errors.add(new RowError(line, "funded_on", "a date as YYYY-MM-DD"));
            }
        }
        Boolean news = flag(value(record, "recent_news"));
        if (news == null) {
            errors.add(new RowError(line, "recent_news", "true or false (yes/no, 1/0 also read)"));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Firmographics(domain, name, industry, employees, revenue, country, stage,
                fundedOn, news, "reference"));
    }

    private static Optional<Long> number(CSVRecord record, String column, long line, List<RowError> errors,
            long max) {
        String text = value(record, column);
        if (text == null) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < 0 || value > max) {
                throw new NumberFormatException();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            errors.add(new RowError(line, column, "a whole number from 0"));
            return Optional.empty();
        }
    }

    private static Boolean flag(String text) {
        if (text == null) {
            return false;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "y" -> true;
            case "false", "no", "0", "n" -> false;
            default -> null;
        };
    }

    private static String value(CSVRecord record, String column) {
        if (!record.isMapped(column) || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
