package io.leadflow.routing.domain;

import java.util.List;

/** Company size bands a rule can name: {@code 1-49}, {@code 50-249}, {@code 250-999}, {@code 1000+}, or {@code unknown}. */
public final class EmployeeBand {

    public static final List<String> ALL = List.of("1-49", "50-249", "250-999", "1000+", "unknown");

    private EmployeeBand() {
    }

    public static String of(Integer employees) {
        if (employees == null || employees < 1) {
            return "unknown";
        }
        if (employees < 50) {
            return "1-49";
        }
        if (employees < 250) {
            return "50-249";
        }
        return employees < 1000 ? "250-999" : "1000+";
    }
}
