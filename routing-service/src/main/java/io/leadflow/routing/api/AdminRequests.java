package io.leadflow.routing.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.leadflow.routing.domain.Absence;
import io.leadflow.routing.domain.Distribution;
import io.leadflow.routing.domain.EmployeeBand;
import io.leadflow.routing.domain.RuleConditions;
import io.leadflow.routing.domain.SlaCalendar;
import io.leadflow.routing.domain.WorkingHours;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/** The admin API's request bodies and their checks: every broken field is reported at once, with its path. */
public final class AdminRequests {

    private static final Pattern TEAM_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");

    private AdminRequests() {
    }

    public record TeamRequest(String name, UUID managerRepId, String ackTimeout, SlaCalendar slaBusinessHours) {
    }

    public record RepRequest(String name, String email, String team, List<String> territories, List<String> languages,
            Integer capacity, Integer weight, String timeZone, List<WorkingHours> workingHours,
            List<Absence> outOfOffice, Boolean active, List<String> employeeBands, List<String> industries,
            String notifyWebhookUrl) {
    }

    public record RuleRequest(String name, RuleConditions conditions, String team, String distribution) {
    }

    public record AccountRequest(UUID ownerRepId) {
    }

    /** Collects field errors and throws them as one 400 problem. */
    static final class Errors {
        private final List<FieldError> errors = new ArrayList<>();

        void add(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        void throwIfAny(String detail) {
            if (!errors.isEmpty()) {
                throw new ProblemException(Problem.invalid(detail, errors));
            }
        }
    }

    static void teamId(String id) {
        if (id == null || !TEAM_ID.matcher(id).matches()) {
            Errors errors = new Errors();
            errors.add("teamId", "must be 1 to 100 lower-case letters, digits, '-' or '_'");
            errors.throwIfAny("The team id is not valid.");
        }
    }

    static Duration check(TeamRequest team) {
        Errors errors = new Errors();
        if (team == null) {
            errors.add("$", "a body is required");
            errors.throwIfAny("The team is not valid.");
        }
        if (blank(team.name()) || team.name().length() > 200) {
            errors.add("name", "is required, up to 200 characters");
        }
        Duration ackTimeout = null;
        if (team.ackTimeout() != null) {
            try {
                ackTimeout = Duration.parse(team.ackTimeout());
                if (ackTimeout.isNegative() || ackTimeout.isZero() || ackTimeout.compareTo(Duration.ofHours(24)) > 0) {
                    errors.add("ackTimeout", "must be more than zero and at most PT24H");
                }
            } catch (DateTimeParseException e) {
                errors.add("ackTimeout", "must be an ISO-8601 duration such as PT2M");
            }
        }
        SlaCalendar calendar = team.slaBusinessHours();
        if (calendar != null) {
            if (calendar.timeZone() == null) {
                errors.add("slaBusinessHours.timeZone", "is required: the team's IANA time zone, such as Europe/Paris");
            } else {
                try {
                    ZoneId.of(calendar.timeZone());
                } catch (DateTimeException e) {
                    errors.add("slaBusinessHours.timeZone", "is not a known time zone");
                }
            }
            if (calendar.hours().isEmpty()) {
                errors.add("slaBusinessHours.hours", "is required: the SLA would never run");
            }
            hours(calendar.hours(), "slaBusinessHours.hours", errors);
            if (calendar.holidays().size() > 1000 || calendar.holidays().stream().anyMatch(java.util.Objects::isNull)) {
                errors.add("slaBusinessHours.holidays", "must be up to 1000 dates (YYYY-MM-DD)");
            }
        }
        errors.throwIfAny("The team is not valid.");
        return ackTimeout;
    }

    static void check(RepRequest rep) {
        Errors errors = new Errors();
        if (rep == null) {
            errors.add("$", "a body is required");
            errors.throwIfAny("The rep is not valid.");
        }
        if (blank(rep.name()) || rep.name().length() > 200) {
            errors.add("name", "is required, up to 200 characters");
        }
        if (rep.email() == null || rep.email().length() > 254 || !EMAIL.matcher(rep.email()).matches()) {
            errors.add("email", "must be an email address");
        }
        if (rep.team() == null || !TEAM_ID.matcher(rep.team()).matches()) {
            errors.add("team", "is required: the id of an existing team");
        }
        list(rep.territories()).forEach(country -> {
            if (country == null || !COUNTRY.matcher(country).matches()) {
                errors.add("territories", "must hold ISO 3166 two-letter country codes, not '" + country + "'");
            }
        });
        list(rep.employeeBands()).forEach(band -> {
            if (!EmployeeBand.ALL.contains(band)) {
                errors.add("employeeBands", "must be among " + EmployeeBand.ALL + ", not '" + band + "'");
            }
        });
        list(rep.industries()).forEach(industry -> {
            if (blank(industry) || industry.length() > 100) {
                errors.add("industries", "must hold industry names of 1 to 100 characters");
            }
        });
        if (rep.capacity() == null || rep.capacity() < 1 || rep.capacity() > 10_000) {
            errors.add("capacity", "is required: the most open assignments at once, 1 to 10000");
        }
        if (rep.weight() != null && (rep.weight() < 1 || rep.weight() > 100)) {
            errors.add("weight", "must be 1 to 100");
        }
        if (rep.timeZone() == null) {
            errors.add("timeZone", "is required: the rep's IANA time zone, such as Europe/Paris");
        } else {
            try {
                ZoneId.of(rep.timeZone());
            } catch (DateTimeException e) {
                errors.add("timeZone", "is not a known time zone");
            }
        }
        if (rep.workingHours() == null || rep.workingHours().isEmpty()) {
            errors.add("workingHours", "is required: a rep with no working hours could never receive a lead");
        } else {
            hours(rep.workingHours(), "workingHours", errors);
        }
        List<Absence> absences = list(rep.outOfOffice());
        for (int i = 0; i < absences.size(); i++) {
            Absence absence = absences.get(i);
            if (absence == null || absence.from() == null || absence.until() == null
                    || !absence.until().isAfter(absence.from())) {
                errors.add("outOfOffice[" + i + "]", "needs from and until (ISO instants), until after from");
            }
        }
        errors.throwIfAny("The rep is not valid.");
    }

    /** Weekly windows: days, and from before to, as {@code HH:mm}. */
    private static void hours(List<WorkingHours> windows, String field, Errors errors) {
        for (int i = 0; i < windows.size(); i++) {
            WorkingHours hours = windows.get(i);
            String at = field + "[" + i + "]";
            if (hours == null || hours.days() == null || hours.days().isEmpty() || hours.days().contains(null)) {
                errors.add(at + ".days", "must name at least one day (MONDAY to SUNDAY)");
            }
            if (hours == null || hours.from() == null || !TIME.matcher(hours.from()).matches()) {
                errors.add(at + ".from", "must be HH:mm");
            } else if (hours.to() == null || !TIME.matcher(hours.to()).matches()) {
                errors.add(at + ".to", "must be HH:mm (24:00 for midnight)");
            } else if (WorkingHours.minutes(hours.from()) >= WorkingHours.minutes(hours.to())) {
                errors.add(at, "must end after it starts");
            }
        }
    }

    static Distribution check(List<RuleRequest> rules, int index, Errors errors) {
        RuleRequest rule = rules.get(index);
        String at = "[" + index + "]";
        if (rule == null) {
            errors.add(at, "a rule is required");
            return null;
        }
        if (blank(rule.name()) || rule.name().length() > 200) {
            errors.add(at + ".name", "is required, up to 200 characters");
        }
        if (rule.team() == null || !TEAM_ID.matcher(rule.team()).matches()) {
            errors.add(at + ".team", "is required: the id of an existing team");
        }
        Distribution distribution = null;
        try {
            distribution = Distribution.fromWire(rule.distribution() == null ? "weighted_round_robin"
                    : rule.distribution());
        } catch (IllegalArgumentException e) {
            errors.add(at + ".distribution", e.getMessage());
        }
        RuleConditions conditions = rule.conditions() == null ? RuleConditions.any() : rule.conditions();
        conditions.employeeBands().forEach(band -> {
            if (!EmployeeBand.ALL.contains(band)) {
                errors.add(at + ".conditions.employeeBands", "must be among " + EmployeeBand.ALL);
            }
        });
        conditions.countries().forEach(country -> {
            if (!COUNTRY.matcher(country).matches()) {
                errors.add(at + ".conditions.countries", "must hold two-letter country codes, not '" + country + "'");
            }
        });
        if (conditions.minScore() != null && conditions.maxScore() != null
                && conditions.minScore() > conditions.maxScore()) {
            errors.add(at + ".conditions", "minScore is above maxScore: the rule could never match");
        }
        return distribution;
    }

    static String domain(String domain) {
        String normalized = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (normalized.length() > 253 || !DOMAIN.matcher(normalized).matches()) {
            Errors errors = new Errors();
            errors.add("domain", "must be a company domain such as acme.fr");
            errors.throwIfAny("The account is not valid.");
        }
        return normalized;
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
