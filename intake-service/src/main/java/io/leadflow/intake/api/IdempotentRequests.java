package io.leadflow.intake.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.leadflow.events.EventJson;
import io.leadflow.intake.persistence.IdempotencyKeys;
import io.leadflow.intake.persistence.SubmissionGroups;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Runs a request's work in a transaction (shared with the submissions around it: {@link SubmissionGroups}), honouring {@code Idempotency-Key}: a retry with the same key and body
 * gets the first answer again (marked {@code Idempotent-Replayed: true}); the same key with another body is a 422.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** What a request answers: a status and a JSON body. */
    public record Answer(int status, Object body) {
    }

    static final int MAX_KEY_LENGTH = 200;

    @Inject
    IdempotencyKeys keys;

    @Inject
    Clock clock;

    @Inject
    SubmissionGroups groups;

    public Uni<Response> run(String scope, String idempotencyKey, byte[] request, Supplier<Uni<Answer>> work) {
        if (idempotencyKey == null) {
            return groups.inTransaction(work).map(IdempotentRequests::response);
        }
        String key = idempotencyKey.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ProblemException(Problem.invalid("The Idempotency-Key header is not usable.",
                    java.util.List.of(new io.leadflow.support.api.FieldError("Idempotency-Key",
                            "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters"))));
        }
        String hash = sha256(request);
        return groups.inTransaction(() -> keys.claim(scope, key, hash, clock.instant())
                .chain(stored -> {
                    if (stored == null) {
                        return work.get().call(answer -> keys.complete(scope, key, answer.status(),
                                EventJson.write(answer.body()))).map(IdempotentRequests::response);
                    }
                    if (!stored.requestHash().equals(hash)) {
                        return Uni.createFrom().failure(new ProblemException(Problem.of(422,
                                "Unprocessable Content", "idempotency-key-reused",
                                "This Idempotency-Key was already used with a different request body.")));
                    }
                    return Uni.createFrom().item(Response.status(stored.status()).type(MediaType.APPLICATION_JSON)
                            .entity(stored.body()).header("Idempotent-Replayed", "true").build());
                }));
    }

    private static Response response(Answer answer) {
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
