package io.leadflow.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.leadflow.events.Company;
import io.leadflow.events.Consent;
import io.leadflow.events.Contact;
import io.leadflow.events.FormType;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadReceived;

/** Leads as intake would publish them, received now from France. */
public final class TestLeads {

    private TestLeads() {
    }

    public static LeadReceived received(String email, String title, FormType formType) {
        Instant now = Instant.now();
        return new LeadReceived(UUID.randomUUID(), new LeadProfile(new Contact(email, "Ana", "Silva", null, title),
                new Company("Acme", null), "FR", "fr", "Europe/Paris", "website", null, null,
                new Consent(true, null, now, "api"), now), formType, Map.of());
    }
}
