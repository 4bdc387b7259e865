package io.leadflow.scoring.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/**
 * Leadflow's first rule set. Engagement: the form (quote or demo request +30, content download +20, contact +15,
 * newsletter +10). Fit: a business email +10 (free mail -10), a C-level, VP or director title +20 (manager +10).
 * Hot from 60 points, warm from 30, cold below. Plain Java, so it is tested without the service.
 */
public final class FirstRuleSet {

    public static final String VERSION = "2026.11-first";
    static final int HOT_FROM = 60;
    static final int WARM_FROM = 30;

    private final FreeMailDomains freeMail;

    public FirstRuleSet(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    public ScoreCard score(LeadReceived lead) {
        List<Contribution> engagement = new ArrayList<>();
        List<Contribution> fit = new ArrayList<>();
        engagement.add(formContribution(lead.formType()));

        String email = lead.lead().contact() == null ? null : lead.lead().contact().email();
        String domain = domainOf(email);
        boolean isFreeMail = freeMail.contains(domain);
        if (domain != null) {
            fit.add(isFreeMail
                    ? new Contribution("email.free_mail", -10, "uses a free-mail address (" + domain + ")")
                    : new Contribution("email.business", 10, "uses a business email address (" + domain + ")"));
        }
        String jobTitle = lead.lead().contact() == null ? null : lead.lead().contact().jobTitle();
        Seniority seniority = Seniority.of(jobTitle);
        switch (seniority) {
            case EXECUTIVE, VP, DIRECTOR -> fit.add(new Contribution("title." + seniority.label(), 20,
                    "decision maker by title (" + jobTitle + ")"));
            case MANAGER -> fit.add(new Contribution("title.manager", 10, "manager by title (" + jobTitle + ")"));
            default -> {
                // Individual contributors and unknown titles add nothing.
            }
        }

        int fitScore = fit.stream().mapToInt(Contribution::points).sum();
        int engagementScore = engagement.stream().mapToInt(Contribution::points).sum();
        int total = fitScore + engagementScore;
        Temperature temperature = total >= HOT_FROM ? Temperature.HOT
                : total >= WARM_FROM ? Temperature.WARM : Temperature.COLD;
        List<Contribution> all = new ArrayList<>(engagement);
        all.addAll(fit);
        return new ScoreCard(
                new Enrichment(domain, isFreeMail, seniority.label(), null, null, null),
                List.copyOf(all), fitScore, engagementScore, total, grade(fitScore), temperature,
                temperature == Temperature.COLD ? Stage.LEAD : Stage.MQL, VERSION);
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

    private static Contribution formContribution(FormType formType) {
        return switch (formType) {
            case QUOTE_REQUEST -> new Contribution("form.quote_request", 30, "asked for a quote");
            case DEMO_REQUEST -> new Contribution("form.demo_request", 30, "asked for a demo");
            case CONTENT_DOWNLOAD -> new Contribution("form.content_download", 20, "downloaded content");
            case CONTACT -> new Contribution("form.contact", 15, "filled in the contact form");
            case NEWSLETTER -> new Contribution("form.newsletter", 10, "signed up for the newsletter");
        };
    }

    static String domainOf(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
