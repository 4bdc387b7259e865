package io.leadflow.intake.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.leadflow.intake.domain.Emails;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/**
 * The person a privacy request is about, as an admin names them: {@code {"email": ...}} or {@code {"leadId": ...}},
 * exactly one, in a body of at most {@value #MAX_BODY_BYTES} bytes. Anything else is a problem+json answer naming the
 * field and the reason.
 */
final class PrivacySubjects {

    static final int MAX_BODY_BYTES = 4096;

    /** Exactly one of the two. */
    public record SubjectBody(String email, String leadId) {
    }

    /** The person: a normalized email or a lead id. */
    record Subject(String email, UUID leadId) {

        boolean byEmail() {
            return email != null;
        }
    }

    private final ObjectReader bodies;

    PrivacySubjects(ObjectMapper mapper) {
        this.bodies = mapper.readerFor(SubjectBody.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Reads and validates the body; {@code what} names the request in messages ("An erasure request"). */
    Subject read(byte[] body, String what) throws IOException {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.invalid("The body is empty.",
                    List.of(new FieldError("$", "send {\"email\": ...} or {\"leadId\": ...}"))));
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ProblemException(Problem.of(413, "Content Too Large", "too-large",
                    what + " is at most " + MAX_BODY_BYTES + " bytes."));
        }
        SubjectBody request = bodies.readValue(body);
        List<FieldError> errors = new ArrayList<>();
        boolean hasEmail = request != null && request.email() != null && !request.email().isBlank();
        boolean hasLead = request != null && request.leadId() != null && !request.leadId().isBlank();
        if (hasEmail == hasLead) {
            errors.add(new FieldError(hasEmail ? "leadId" : "email", "give exactly one of email and leadId"));
        }
        Optional<String> email = hasEmail ? Emails.normalize(request.email()) : Optional.empty();
        if (hasEmail && email.isEmpty()) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        UUID leadId = null;
        if (hasLead) {
            try {
                leadId = UUID.fromString(request.leadId().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("leadId", "is not a UUID"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(what + " is invalid.", errors));
        }
        return new Subject(email.orElse(null), leadId);
    }
}
