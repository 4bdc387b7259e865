package io.leadflow.scoring.domain;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.leadflow.events.Activity;
import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadEngagement;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.leadflow.scoring.domain.RuleSetDefinition.EmployeeBand;
import io.leadflow.scoring.domain.RuleSetDefinition.Points;
import io.leadflow.scoring.domain.RuleSetDefinition.Qualification;
import io.leadflow.scoring.domain.RuleSetDefinition.RevenueBand;

/**
 * A published (or draft) rule set at work, plain Java so it is tested without the service. Contributions fall in three
 * categories: {@code fit} (who they are: email, title, company, country; never decays, and alone gives the grade),
 * {@code qualification} (what their form answers say: BANT, MEDDIC; never decays) and {@code engagement} (what they did;
 * halved every half-life). Every engagement rule is a key ({@code form.demo_request}, {@code engagement.email_opened},
 * {@code intent.pricing_page}) that carries its points and cap, so stored contributions can be re-priced by another
 * rule set ({@link #reprice}).
 */
public final class RuleSet {

    public static final String FIT = "fit";
    public static final String QUALIFICATION = "qualification";
    public static final String ENGAGEMENT = "engagement";
    public static final String PRICING_PAGE = "intent.pricing_page";
    public static final String REPEATED_VISITS = "intent.repeated_visits";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("form.quote_request", "asked for a quote"),
            Map.entry("form.demo_request", "asked for a demo"),
            Map.entry("form.content_download", "downloaded content"),
            Map.entry("form.contact", "filled in the contact form"),
            Map.entry("form.newsletter", "signed up for the newsletter"),
            Map.entry("engagement.email_opened", "opened an email"),
            Map.entry("engagement.email_clicked", "clicked a link in an email"),
            Map.entry("engagement.email_replied", "replied to an email"),
            Map.entry("engagement.content_downloaded", "downloaded content"),
            Map.entry("engagement.webinar_registered", "registered for a webinar"),
            Map.entry("engagement.webinar_attended", "attended a webinar"),
            Map.entry("engagement.meeting_booked", "booked a meeting"),
            Map.entry("engagement.product_signal", "used the product"),
            Map.entry("engagement.page_viewed", "viewed a page"),
            Map.entry("engagement.unsubscribed", "unsubscribed"),
            Map.entry("engagement.email_bounced", "an email to them bounced"),
            Map.entry(PRICING_PAGE, "viewed the pricing page"),
            Map.entry(REPEATED_VISITS, "came back to the site repeatedly"));

    private final RuleSetDefinition definition;
    private final DomainList freeMail;
    private final DomainList disposable;
    private final Duration halfLife;
    private final Map<String, Points> priced = new HashMap<>();

    public RuleSet(RuleSetDefinition definition, DomainList freeMail, DomainList disposable) {
        this.definition = definition;
        this.freeMail = freeMail;
        this.disposable = disposable;
        this.halfLife = Duration.ofDays(definition.engagementHalfLifeDays());
        if (definition.forms() != null) {
            definition.forms().forEach((form, points) -> priced.put("form." + form, new Points(points, null)));
        }
        if (definition.engagement() != null) {
            definition.engagement().forEach((activity, points) -> priced.put("engagement." + activity, points));
        }
        if (definition.intent() != null && definition.intent().pricingPage() != null) {
            priced.put(PRICING_PAGE, new Points(definition.intent().pricingPage().points(),
                    definition.intent().pricingPage().cap()));
        }
        if (definition.intent() != null && definition.intent().repeatedVisits() != null) {
            int points = definition.intent().repeatedVisits().points();
            priced.put(REPEATED_VISITS, new Points(points, points));
        }
    }

    public String version() {
        return definition.version();
    }

    public RuleSetDefinition definition() {
        return definition;
    }

    public Duration halfLife() {
        return halfLife;
    }

    /**
     * The company domain of a lead: its email's, unless that is a free-mail or disposable address, then its
     * website's. Null when neither says.
     */
    public String companyDomain(LeadProfile lead) {
        String email = emailDomain(lead);
        if (email != null && !freeMail.contains(email) && !disposable.contains(email)) {
            return email;
        }
        return lead.company() == null ? null : websiteDomain(lead.company().website());
    }

    /** What scoring derives of who the lead is, with the company's firmographics when known (else null). */
    public Enrichment enrich(LeadProfile lead, Firmographics company) {
        String title = lead.contact() == null ? null : lead.contact().jobTitle();
        String email = emailDomain(lead);
        String domain = Optional.ofNullable(companyDomain(lead)).orElse(email);
        Integer employees = company == null ? null : company.employees();
        return new Enrichment(domain, freeMail.contains(email), disposable.contains(email),
                Seniority.of(title).label(), Department.of(title).label(),
                company == null ? null : company.name(), company == null ? null : company.industry(), employees,
                employees == null ? null : band(employees).map(EmployeeBand::band).orElse(null),
                company == null ? null : company.annualRevenue(), company == null ? null : company.country(),
                company == null ? null : company.fundingStage(), company == null ? null : company.fundedOn(),
                company != null && company.recentNews(), company == null ? "none" : company.source());
    }

    /** The fit contributions of a lead (who they are): email, competitor, title, company and country. */
    public List<Contribution> fit(LeadProfile lead, Enrichment enrichment, Instant now) {
        List<Contribution> fit = new ArrayList<>();
        RuleSetDefinition.Fit rules = definition.fit();
        if (rules == null) {
            return fit;
        }
        String email = emailDomain(lead);
        if (rules.competitor() != null && rules.competitor().domains() != null
                && (isCompetitor(email, rules.competitor().domains())
                        || isCompetitor(enrichment.domain(), rules.competitor().domains()))) {
            fit.add(new Contribution("fit.competitor", rules.competitor().points(),
                    "works for a competitor (" + enrichment.domain() + ")"));
        }
        if (email != null && rules.email() != null) {
            if (enrichment.disposable()) {
                add(fit, "email.disposable", rules.email().disposable(), "uses a disposable address (" + email + ")");
            } else if (enrichment.freeMail()) {
                add(fit, "email.free_mail", rules.email().freeMail(), "uses a free-mail address (" + email + ")");
            } else {
                add(fit, "email.business", rules.email().business(), "uses a business email address (" + email + ")");
            }
        }
        String title = lead.contact() == null ? null : lead.contact().jobTitle();
        String seniority = enrichment.seniority();
        if (rules.seniority() != null && rules.seniority().containsKey(seniority)) {
            add(fit, "title." + seniority, rules.seniority().get(seniority),
                    seniority.replace('_', ' ') + " by title (" + shorten(title) + ")");
        }
        String department = enrichment.department();
        if (rules.departments() != null && rules.departments().containsKey(department)) {
            add(fit, "department." + department, rules.departments().get(department),
                    "works in " + department + " (" + shorten(title) + ")");
        }
        if (enrichment.industry() != null && rules.industries() != null
                && rules.industries().containsKey(enrichment.industry())) {
            add(fit, "company.industry", rules.industries().get(enrichment.industry()),
                    "industry: " + enrichment.industry());
        }
        if (enrichment.employees() != null) {
            band(enrichment.employees()).ifPresent(band -> add(fit, "company.employees", band.points(),
                    band.band() + " employees"));
        }
        if (enrichment.annualRevenue() != null && rules.annualRevenue() != null) {
            rules.annualRevenue().stream().filter(r -> enrichment.annualRevenue() >= r.min()).findFirst()
                    .ifPresent(r -> add(fit, "company.revenue", r.points(), "annual revenue " + label(r)));
        }
        String country = lead.country() != null ? lead.country() : enrichment.companyCountry();
        if (country != null && rules.countries() != null && rules.countries().containsKey(country)) {
            add(fit, "country." + country, rules.countries().get(country), "in a covered market (" + country + ")");
        }
        if (rules.recentFunding() != null && enrichment.fundedOn() != null && !enrichment.fundedOn()
                .isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(rules.recentFunding().withinDays()))) {
            add(fit, "company.recent_funding", rules.recentFunding().points(), "raised funds on "
                    + enrichment.fundedOn() + (enrichment.fundingStage() == null ? ""
                            : " (" + enrichment.fundingStage() + ")"));
        }
        if (rules.recentNews() != null && enrichment.recentNews()) {
            add(fit, "company.recent_news", rules.recentNews(), "the company is in the news");
        }
        return fit;
    }

    /** What the lead's form answers are worth (BANT, MEDDIC), compared without case, accents or spaces. */
    public List<Contribution> qualification(Map<String, String> answers) {
        List<Contribution> earned = new ArrayList<>();
        if (answers == null || answers.isEmpty() || definition.qualification() == null) {
            return earned;
        }
        Map<String, String> normalized = new HashMap<>();
        answers.forEach((field, value) -> {
            if (field != null && value != null) {
                normalized.put(normalize(field), normalize(value));
            }
        });
        for (Qualification rule : definition.qualification()) {
            String answer = normalized.get(normalize(rule.field()));
            if (answer != null && rule.values().stream().map(RuleSet::normalize).anyMatch(answer::equals)) {
                String key = "qualification." + normalize(rule.field());
                earned.add(new Contribution(key, rule.points(), rule.reason() == null
                        ? rule.field() + ": " + shorten(answers.entrySet().stream()
                                .filter(e -> normalize(e.getKey()).equals(normalize(rule.field()))).findFirst()
                                .map(Map.Entry::getValue).orElse(answer))
                        : rule.reason()));
            }
        }
        return earned;
    }

    /** The engagement of filling a form, if the rule set prices that form (none for a form type it does not know). */
    public Optional<Contribution> form(FormType formType, int alreadyEarned) {
        if (formType == FormType.UNKNOWN) {
            return Optional.empty();
        }
        return award("form." + formType.wire(), alreadyEarned);
    }

    /** The rule an engagement falls under (the key its points and cap count on). */
    public String ruleOf(LeadEngagement engagement) {
        if (engagement.activity() == Activity.FORM_SUBMITTED && engagement.formType() != null) {
            return "form." + engagement.formType().wire();
        }
        if (engagement.activity() == Activity.PAGE_VIEWED && isPricingPage(engagement)) {
            return PRICING_PAGE;
        }
        return "engagement." + engagement.activity().wire();
    }

    /**
     * The contribution of one activity given what its rule already earned this lead; empty for activities the rule
     * set does not price (consent changes, a form without its type or with one this version does not know). A capped
     * rule gives only what is left under it.
     */
    public Optional<Contribution> engagement(LeadEngagement engagement, int alreadyEarned) {
        if (engagement.activity() == Activity.FORM_SUBMITTED
                && (engagement.formType() == null || engagement.formType() == FormType.UNKNOWN)) {
            return Optional.empty();
        }
        return award(ruleOf(engagement), alreadyEarned);
    }

    /** The repeated-visits intent rule, if the rule set has one: how many page views in which window. */
    public Optional<RuleSetDefinition.RepeatedVisits> repeatedVisits() {
        return definition.intent() == null ? Optional.empty()
                : Optional.ofNullable(definition.intent().repeatedVisits());
    }

    /** What a rule awards now, given what it already earned this lead. */
    public Optional<Contribution> award(String rule, int alreadyEarned) {
        Points points = priced.get(rule);
        if (points == null) {
            return Optional.empty();
        }
        int awarded = capped(points, alreadyEarned);
        String reason = REASONS.getOrDefault(rule, rule);
        return Optional.of(new Contribution(rule, awarded, awarded == points.points() ? reason : reason + " (capped)"));
    }

    private static int capped(Points points, int alreadyEarned) {
        if (points.cap() == null) {
            return points.points();
        }
        return points.points() > 0 ? Math.max(0, Math.min(points.points(), points.cap() - alreadyEarned))
                : Math.min(0, Math.max(points.points(), points.cap() - alreadyEarned));
    }

    /** One stored contribution as the calculation needs it. */
    public record Earned(String rule, String category, int points, Instant occurredAt) {

        boolean decays() {
            return ENGAGEMENT.equals(category);
        }
    }

    /**
     * Totals and classification at {@code now}: fit alone gives the grade; engagement halves every half-life;
     * qualification counts with engagement without decaying. The stage never goes back below {@code floor}
     * (a lifecycle moves forward); {@code sql} once a rep accepted the lead or a meeting was booked.
     */
    public ScoreCard total(Enrichment enrichment, List<Earned> earned, List<Contribution> shown, Stage floor,
            boolean salesAccepted, Instant now) {
        double fit = 0;
        double engagement = 0;
        boolean productSignal = false;
        for (Earned e : earned) {
            if (e.decays()) {
                engagement += decayed(e.points(), e.occurredAt(), now);
                productSignal |= e.rule().equals("engagement.product_signal") && e.points() > 0;
            } else if (QUALIFICATION.equals(e.category())) {
                engagement += e.points();
            } else {
                fit += e.points();
            }
        }
        int fitScore = (int) Math.round(fit);
        int engagementScore = (int) Math.round(engagement);
        int total = fitScore + engagementScore;
        Temperature temperature = total >= definition.thresholds().hot() ? Temperature.HOT
                : total >= definition.thresholds().warm() ? Temperature.WARM : Temperature.COLD;
        Stage stage = salesAccepted ? Stage.SQL
                : productSignal ? Stage.PQL : temperature == Temperature.COLD ? Stage.LEAD : Stage.MQL;
        if (floor != null && floor.ordinal() > stage.ordinal()) {
            stage = floor;
        }
        return new ScoreCard(enrichment, List.copyOf(shown), fitScore, engagementScore, total, grade(fitScore),
                temperature, stage, definition.version());
    }

    /** Engagement points as they count at {@code now}: halved every half-life. */
    public double decayed(int points, Instant occurredAt, Instant now) {
        double age = Math.max(0, Duration.between(occurredAt, now).toMillis());
        return points * Math.pow(0.5, age / halfLife.toMillis());
    }

    /**
     * Engagement contributions stored under another rule set, priced by this one: in order, each rule's points and
     * cap as this rule set says (a rule it does not price earns nothing).
     */
    public List<Earned> reprice(List<Earned> stored) {
        Map<String, Integer> earnedSoFar = new HashMap<>();
        List<Earned> repriced = new ArrayList<>();
        for (Earned e : stored) {
            if (!e.decays()) {
                continue;
            }
            int already = earnedSoFar.getOrDefault(e.rule(), 0);
            int points = award(e.rule(), already).map(Contribution::points).orElse(0);
            earnedSoFar.put(e.rule(), already + points);
            repriced.add(new Earned(e.rule(), e.category(), points, e.occurredAt()));
        }
        return repriced;
    }

    /** A new lead's score card without firmographics, all of it earned when it was received (used by tests). */
    public ScoreCard score(LeadReceived lead) {
        Instant at = lead.lead().receivedAt() == null ? Instant.EPOCH : lead.lead().receivedAt();
        Enrichment enrichment = enrich(lead.lead(), null);
        List<Earned> earned = new ArrayList<>();
        List<Contribution> shown = new ArrayList<>();
        form(lead.formType(), 0).ifPresent(c -> {
            earned.add(new Earned(c.rule(), ENGAGEMENT, c.points(), at));
            shown.add(c);
        });
        qualification(lead.answers()).forEach(c -> {
            earned.add(new Earned(c.rule(), QUALIFICATION, c.points(), at));
            shown.add(c);
        });
        fit(lead.lead(), enrichment, at).forEach(c -> {
            earned.add(new Earned(c.rule(), FIT, c.points(), at));
            shown.add(c);
        });
        return total(enrichment, earned, shown, null, false, at);
    }

    /** Fit grade: A is the ideal customer profile, D the least likely buyer. */
    String grade(int fitScore) {
        RuleSetDefinition.Grades grades = definition.grades();
        return fitScore >= grades.a() ? "A" : fitScore >= grades.b() ? "B" : fitScore >= grades.c() ? "C" : "D";
    }

    private Optional<EmployeeBand> band(int employees) {
        List<EmployeeBand> bands = definition.fit() == null || definition.fit().employeeBands() == null ? List.of()
                : definition.fit().employeeBands();
        return bands.stream().filter(b -> b.contains(employees)).findFirst();
    }

    private boolean isPricingPage(LeadEngagement engagement) {
        if (definition.intent() == null || definition.intent().pricingPage() == null) {
            return false;
        }
        String url = engagement.details() == null ? null : engagement.details().get("url");
        return url != null && url.toLowerCase(Locale.ROOT)
                .contains(definition.intent().pricingPage().urlContains().toLowerCase(Locale.ROOT));
    }

    private static boolean isCompetitor(String domain, List<String> competitors) {
        return domain != null && competitors.stream().anyMatch(c -> domain.equalsIgnoreCase(c)
                || domain.toLowerCase(Locale.ROOT).endsWith("." + c.toLowerCase(Locale.ROOT)));
    }

    private static void add(List<Contribution> fit, String rule, int points, String reason) {
        if (points != 0) {
            fit.add(new Contribution(rule, points, reason));
        }
    }

    private static String label(RevenueBand band) {
        return band.label() == null ? "from " + band.min() : band.label();
    }

    /** Reasons quote what the lead typed; a 2,000-character title must not make a 2,000-character reason. */
    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 79) + "…";
    }

    static String normalize(String text) {
        return Titles.normalize(text).replace(' ', '_');
    }

    static String emailDomain(LeadProfile lead) {
        String email = lead.contact() == null ? null : lead.contact().email();
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    static String websiteDomain(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        try {
            String url = website.strip();
            String host = URI.create(url.contains("://") ? url : "https://" + url).getHost();
            if (host == null || !host.contains(".")) {
                return null;
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.startsWith("www.") ? host.substring(4) : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
