package io.leadflow.nurturing.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.nurturing.domain.EmailLanguage;
import io.leadflow.support.tracking.TrackingTokens;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * Renders a step's email from its Qute template ({@code templates/email/<language>/<template>.html}, the subject in
 * its {@code subject} fragment), personalised for the lead, with tracked links, the open pixel and the unsubscribe
 * link, all signed tokens that intake reads back.
 */
@ApplicationScoped
public class EmailComposer {

    /** What a step's email says, ready for the mailer. */
    public record ComposedEmail(String subject, String html, String text, String language, String unsubscribeUrl) {
    }

    /** The template cannot produce an email (missing, or an expression that does not resolve). */
    public static class TemplateFailure extends RuntimeException {
        public TemplateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Who the email is for and what it is personalised with. */
    public record Recipient(UUID leadId, String firstName, String company, String industry, String content,
            String language, String country) {
    }

    private final Optional<TrackingTokens> tokens;

    @Inject
    Engine engine;

    @Inject
    NurturingConfig config;

    @Inject
    Clock clock;

    public EmailComposer(@ConfigProperty(name = "leadflow.tracking.secret") Optional<String> secret) {
        this.tokens = secret.filter(s -> s.length() >= 16).map(TrackingTokens::new);
    }

    /** Whether links can be signed at all: without the shared secret no email may go out (no unsubscribe link). */
    public boolean canSign() {
        return tokens.isPresent();
    }

    public ComposedEmail compose(String templateName, Recipient recipient, UUID touchId) {
        if (tokens.isEmpty()) {
            throw new TemplateFailure("leadflow.tracking.secret is not set: no signed links can be written", null);
        }
        String language = EmailLanguage.of(recipient.language(), recipient.country());
        Template template = engine.getTemplate("email/" + language + "/" + templateName);
        if (template == null && !"en".equals(language)) {
            language = "en";
            template = engine.getTemplate("email/en/" + templateName);
        }
        if (template == null) {
            throw new TemplateFailure("no template email/" + language + "/" + templateName, null);
        }
        Template.Fragment subjectFragment = template.getFragment("subject");
        if (subjectFragment == null) {
            throw new TemplateFailure("template " + templateName + " has no subject fragment", null);
        }
        TrackingTokens signer = tokens.get();
        Instant expires = clock.instant().plus(config.mail().trackingValidity());
        String base = config.mail().trackingBaseUrl().replaceAll("/+$", "");
        String unsubscribeUrl = base + "/t/u/" + signer.sign(new TrackingTokens.Claims(recipient.leadId(),
                "unsubscribe", null, touchId.toString(), null));
        Map<String, String> links = new TreeMap<>();
        config.mail().links().forEach((name, url) -> links.put(name, base + "/t/c/" + signer.sign(
                new TrackingTokens.Claims(recipient.leadId(), "click", url, touchId.toString(), expires))));
        Map<String, Object> data = new HashMap<>();
        data.put("firstName", blankToNull(recipient.firstName()));
        data.put("company", blankToNull(recipient.company()));
        data.put("industry", blankToNull(recipient.industry()));
        data.put("content", blankToNull(recipient.content()));
        data.put("links", links);
        data.put("unsubscribeUrl", unsubscribeUrl);
        data.put("pixelUrl", base + "/t/o/" + signer.sign(new TrackingTokens.Claims(recipient.leadId(), "open", null,
                touchId.toString(), expires)));
        try {
            // The subject is a header, not HTML: undo the escaping of the HTML template it lives in.
            String subject = unescapeHtml(subjectFragment.data(data).render().strip());
            String html = template.data(data).render();
            return new ComposedEmail(subject, html, PlainText.fromHtml(html), language, unsubscribeUrl);
        } catch (RuntimeException e) {
            throw new TemplateFailure("template " + templateName + " (" + language + ") did not render: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Why a template cannot be used in an email step: no English variant (the fallback of every language), or a
     * variant that does not render for a sample lead. Empty when every variant renders.
     */
    public Optional<String> templateProblem(String templateName) {
        if (engine.getTemplate("email/en/" + templateName) == null) {
            return Optional.of("no email template '" + templateName + "' (templates/email/en/" + templateName
                    + ".html)");
        }
        for (String language : EmailLanguage.AVAILABLE) {
            if (engine.getTemplate("email/" + language + "/" + templateName) == null) {
                continue;
            }
            try {
                compose(templateName, new Recipient(UUID.randomUUID(), "Alex", "Example Ltd", "software",
                        "Sample guide", language, null), UUID.randomUUID());
            } catch (TemplateFailure e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
