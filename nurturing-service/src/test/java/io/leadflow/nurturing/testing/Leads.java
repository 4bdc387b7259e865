package io.leadflow.nurturing.testing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.Enrichment;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/** Scored leads as scoring publishes them, each with an address of its own (so its email is easy to find). */
public final class Leads {

    private Leads() {
    }

    /** A unique address: a domain of its own too, so the per-domain throttle never mixes tests. */
    public static String uniqueEmail(String name) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return name + "." + tag + "@" + tag + "-example.com";
    }

    public static LeadScored french(Temperature temperature, boolean consent) {
        return scored(temperature, new Contact(uniqueEmail("claire"), "Claire", "Martin", null, "Directrice"),
                new Company("Acme Industries", "https://acme.example"), "FR", "fr", "Europe/Paris", consent,
                "manufacturing");
    }

    public static LeadScored american(Temperature temperature) {
        return scored(temperature, new Contact(uniqueEmail("sam"), "Sam", "Lee", null, null), new Company(null, null),
                "US", "en", "America/New_York", false, null);
    }

    public static LeadScored scored(Temperature temperature, Contact contact, Company company, String country,
            String language, String timeZone, boolean consent, String industry) {
        Instant receivedAt = Instant.now();
        return new LeadScored(UUID.randomUUID(), new LeadProfile(contact, company, country, language, timeZone,
                "website", null, null, new Consent(consent, "v1", receivedAt, "api"), receivedAt),
                new Enrichment(contact.email().substring(contact.email().indexOf('@') + 1), false, "manager", "sales",
                        industry, 200),
                "C", 20, 10, 30, temperature, Stage.LEAD, "test", List.of(), receivedAt);
    }

    /** The same lead with another temperature, as scoring publishes a change. */
    public static LeadScored rescored(LeadScored lead, Temperature temperature) {
        return new LeadScored(lead.leadId(), lead.lead(), lead.enrichment(), lead.grade(), lead.fitScore(),
                lead.engagementScore(), lead.score(), temperature, lead.stage(), lead.ruleSetVersion(), List.of(),
                Instant.now());
    }
}
