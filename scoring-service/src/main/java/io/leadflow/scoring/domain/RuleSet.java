package io.leadflow.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Leadflow's rule set, plain Java so it is tested without the service.
 * <ul>
 * <li>Fit (who they are, never decays): a business email +10 (free mail -10); a C-level, VP, director or head title
 * +20, manager +10, student or intern -20.</li>
 * <li>Engagement (what they did, halved every 30 days): a form (quote or demo request +30, content download +20,
 * contact +15, newsletter +10, each time one is filled), email opened +10 (at most 20 in all, since mail privacy
 * features open every email), clicked +15 (45), replied +30, content downloaded +20 (60), webinar registered +15,
 * attended +25, meeting booked +40, product signal +25, page viewed +2 (20), pricing page +15 (30); unsubscribed -20,
 * bounced -10.</li>
 * <li>Hot from 60 points, warm from 30, cold below. Grade from fit: A from 30, B from 20, C from 10, D below. Stage:
 * {@code pql} once a product signal counts, {@code mql} when warm or hot, else {@code lead}.</li>
 * </ul>
 */
public final class RuleSet {

    public static final String VERSION = "2026.11.2";
    public static final Duration ENGAGEMENT_HALF_LIFE = Duration.ofDays(30);
    static final int HOT_FROM = 60;
    static final int WARM_FROM = 30;

    /** Points of an activity, and the most it may add up to for one lead (null: no cap). */
    private record Points(int points, Integer cap, String reason) {
    }

    private static final Map<Activity, Points> ACTIVITIES = Map.ofEntries(
            Map.entry(Activity.EMAIL_OPENED, new Points(10, 20, "opened an email")),
            Map.entry(Activity.EMAIL_CLICKED, new Points(15, 45, "clicked a link in an email")),
            Map.entry(Activity.EMAIL_REPLIED, new Points(30, null, "replied to an email")),
            Map.entry(Activity.CONTENT_DOWNLOADED, new Points(20, 60, "downloaded content")),
            Map.entry(Activity.WEBINAR_REGISTERED, new Points(15, 30, "registered for a webinar")),
            Map.entry(Activity.WEBINAR_ATTENDED, new Points(25, 50, "attended a webinar")),
            Map.entry(Activity.MEETING_BOOKED, new Points(40, null, "booked a meeting")),
            Map.entry(Activity.PRODUCT_SIGNAL, new Points(25, 75, "used the product")),
            Map.entry(Activity.PAGE_VIEWED, new Points(2, 20, "viewed a page")),
            Map.entry(Activity.UNSUBSCRIBED, new Points(-20, null, "unsubscribed")),
            Map.entry(Activity.EMAIL_BOUNCED, new Points(-10, -10, "an email to them bounced")));

    private final FreeMailDomains freeMail;

    public RuleSet(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    /** What scoring derives of who the lead is. */
    public Enrichment enrich(LeadProfile lead) {
        String email = lead.contact() == null ? null : lead.contact().email();
        String title = lead.contact() == null ? null : lead.contact().jobTitle();
        String domain = domainOf(email);
        return new Enrichment(domain, freeMail.contains(domain), Seniority.of(title).label(),
                Department.of(title).label(), null, null);
    }

    /** The fit contributions of a lead: its email domain and its title. */
    public List<Contribution> fit(LeadProfile lead) {
        List<Contribution> fit = new ArrayList<>();
        String domain = domainOf(lead.contact() == null ? null : lead.contact().email());
        if (domain != null) {
            fit.add(freeMail.contains(domain)
                    ? new Contribution("email.free_mail", -10, "uses a free-mail address (" + domain + ")")
                    : new Contribution("email.business", 10, "uses a business email address (" + domain + ")"));
        }
        String title = lead.contact() == null ? null : lead.contact().jobTitle();
        Seniority seniority = Seniority.of(title);
        switch (seniority) {
            case EXECUTIVE, VP, DIRECTOR, HEAD -> fit.add(new Contribution("title." + seniority.label(), 20,
                    "decision maker by title (" + title + ")"));
            case MANAGER -> fit.add(new Contribution("title.manager", 10, "manager by title (" + title + ")"));
            case STUDENT -> fit.add(new Contribution("title.student", -20, "student or intern (" + title + ")"));
            default -> {
                // Individual contributors and unknown titles add nothing.
            }
        }
        return fit;
    }

    /** The engagement of filling a form. */
    public Contribution form(FormType formType) {
        return switch (formType) {
            case QUOTE_REQUEST -> new Contribution("form.quote_request", 30, "asked for a quote");
            case DEMO_REQUEST -> new Contribution("form.demo_request", 30, "asked for a demo");
            case CONTENT_DOWNLOAD -> new Contribution("form.content_download", 20, "downloaded content");
            case CONTACT -> new Contribution("form.contact", 15, "filled in the contact form");
            case NEWSLETTER -> new Contribution("form.newsletter", 10, "signed up for the newsletter");
        };
    }

    /** The rule an engagement falls under (the key its cap counts on). */
    public String ruleOf(LeadEngagement engagement) {
        if (engagement.activity() == Activity.FORM_SUBMITTED && engagement.formType() != null) {
            return form(engagement.formType()).rule();
        }
        if (engagement.activity() == Activity.PAGE_VIEWED && isPricingPage(engagement)) {
            return "intent.pricing_page";
        }
        return "engagement." + engagement.activity().wire();
    }

    /**
     * The contribution of one activity, given the points its rule already earned this lead; empty for activities
     * that score nothing (consent changes). A capped rule gives only what is left under its cap.
     */
    public Optional<Contribution> engagement(LeadEngagement engagement, int alreadyEarned) {
        if (engagement.activity() == Activity.FORM_SUBMITTED) {
            return engagement.formType() == null ? Optional.empty() : Optional.of(form(engagement.formType()));
        }
        Points points = engagement.activity() == Activity.PAGE_VIEWED && isPricingPage(engagement)
                ? new Points(15, 30, "viewed the pricing page")
                : ACTIVITIES.get(engagement.activity());
        if (points == null) {
            return Optional.empty();
        }
        int awarded = points.points();
        if (points.cap() != null) {
            awarded = points.points() > 0 ? Math.max(0, Math.min(points.points(), points.cap() - alreadyEarned))
                    : Math.min(0, Math.max(points.points(), points.cap() - alreadyEarned));
        }
        String reason = awarded == points.points() ? points.reason() : points.reason() + " (capped)";
        return Optional.of(new Contribution(ruleOf(engagement), awarded, reason));
    }

    /** One stored contribution as the calculation needs it. */
    public record Earned(String rule, int points, boolean decays, Instant occurredAt) {
    }

    /** Totals and classification of a lead's contributions at {@code now}; engagement halves every 30 days. */
    public ScoreCard total(Enrichment enrichment, List<Earned> earned, List<Contribution> shown, Instant now) {
        double fit = 0;
        double engagement = 0;
        boolean productSignal = false;
        for (Earned e : earned) {
            if (e.decays()) {
                engagement += decayed(e.points(), e.occurredAt(), now);
                productSignal |= e.rule().equals("engagement.product_signal") && e.points() > 0;
            } else {
                fit += e.points();
            }
        }
        int fitScore = (int) Math.round(fit);
        int engagementScore = (int) Math.round(engagement);
        int total = fitScore + engagementScore;
        Temperature temperature = total >= HOT_FROM ? Temperature.HOT
                : total >= WARM_FROM ? Temperature.WARM : Temperature.COLD;
        Stage stage = productSignal ? Stage.PQL : temperature == Temperature.COLD ? Stage.LEAD : Stage.MQL;
        return new ScoreCard(enrichment, List.copyOf(shown), fitScore, engagementScore, total, grade(fitScore),
                temperature, stage, VERSION);
    }

    /** Engagement points as they count at {@code now}: halved every {@link #ENGAGEMENT_HALF_LIFE}. */
    public static double decayed(int points, Instant occurredAt, Instant now) {
        double age = Math.max(0, Duration.between(occurredAt, now).toMillis());
        return points * Math.pow(0.5, age / ENGAGEMENT_HALF_LIFE.toMillis());
    }

    /** A new lead's score card, all of it earned when it was received. */
    public ScoreCard score(LeadReceived lead) {
        Instant at = lead.lead().receivedAt() == null ? Instant.EPOCH : lead.lead().receivedAt();
        List<Contribution> fit = fit(lead.lead());
        Contribution form = form(lead.formType());
        List<Earned> earned = new ArrayList<>();
        fit.forEach(c -> earned.add(new Earned(c.rule(), c.points(), false, at)));
        earned.add(new Earned(form.rule(), form.points(), true, at));
        List<Contribution> shown = new ArrayList<>(List.of(form));
        shown.addAll(fit);
        return total(enrich(lead.lead()), earned, shown, at);
    }

    /** Fit grade: A is an ideal-looking buyer (business email and decision maker), D the least likely. */
    static String grade(int fitScore) {
        if (fitScore >= 30) {
            return "A";
        }
        if (fitScore >= 20) {
            return "B";
        }
        if (fitScore >= 10) {
            return "C";
        }
        return "D";
    }

    private static boolean isPricingPage(LeadEngagement engagement) {
        String url = engagement.details() == null ? null : engagement.details().get("url");
        return url != null && url.toLowerCase(Locale.ROOT).contains("pricing");
    }

    static String domainOf(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
