package io.leadflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The leads a benchmark sends: about {@code hotShare} hot quote and demo requests from senior people at business
 * addresses, the rest content downloads and newsletter sign-ups, and some known people coming back (an engagement
 * instead of a new lead). Seeded, so two runs send the same traffic.
 */
public final class LeadMix {

    /** One request to intake: a new lead ({@code hot} or not) or an engagement of a lead already sent. */
    public record Request(String path, String json, boolean hot, boolean engagement, String email) {
    }

    private static final String[] COMPANIES = { "acme-industries.com", "northwind.co.uk", "tailspin.io", "fabrikam.de",
            "litware.ca", "relecloud.io", "datum-corp.fr", "woodgrove-bank.com", "contoso.it", "wingtip.fr" };
    private static final String[] SENIOR = { "CEO", "VP Sales", "Directrice commerciale", "Head of Marketing", "CTO",
            "Directeur général" };
    private static final String[] OTHER = { "Marketing Manager", "Developer", "Chargée d'affaires", "Analyst",
            "Student", "" };
    private static final String[] COUNTRIES = { "FR", "GB", "DE", "US", "CA", "BE" };
    private static final String[] FREE = { "gmail.com", "yahoo.fr", "outlook.com" };
    private static final double RETURNING_SHARE = 0.1;

    private final Random random;
    private final double hotShare;
    private final String runId;
    private final List<String> sent = new ArrayList<>();
    private long count;

    public LeadMix(long seed, double hotShare, String runId) {
        this.random = new Random(seed);
        this.hotShare = hotShare;
        this.runId = runId;
    }

    public synchronized Request next() {
        count++;
        if (!sent.isEmpty() && random.nextDouble() < RETURNING_SHARE) {
            String email = sent.get(random.nextInt(sent.size()));
            String activity = random.nextBoolean() ? "page_viewed" : "email_clicked";
            return new Request("/api/v1/engagements", """
                    {"email":"%s","activity":"%s","details":{"url":"https://leadflow.example/pricing"}}"""
                    .formatted(email, activity), false, true, email);
        }
        boolean hot = random.nextDouble() < hotShare;
        String company = COMPANIES[random.nextInt(COMPANIES.length)];
        // Only the hot share uses the demo companies: their firmographics alone would make a download hot.
        String domain = hot ? company
                : random.nextBoolean() ? "small-business.example" : FREE[random.nextInt(FREE.length)];
        String email = "bench-" + runId + "-" + count + "@" + domain;
        String title = hot ? SENIOR[random.nextInt(SENIOR.length)] : OTHER[random.nextInt(OTHER.length)];
        String formType = hot ? (random.nextBoolean() ? "quote_request" : "demo_request")
                : (random.nextBoolean() ? "content_download" : "newsletter");
        sent.add(email);
        return new Request("/api/v1/leads", """
                {"email":"%s","firstName":"Bench","lastName":"Lead %d","company":"%s","jobTitle":"%s",\
                "country":"%s","source":"benchmark","formType":"%s","marketingConsent":true}"""
                .formatted(email, count, company, title, COUNTRIES[random.nextInt(COUNTRIES.length)], formType),
                hot, false, email);
    }
}
