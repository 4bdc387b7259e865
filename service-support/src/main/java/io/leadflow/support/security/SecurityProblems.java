package io.leadflow.support.security;

import jakarta.ws.rs.core.Response;

import io.leadflow.support.api.Problem;

/**
 * The answers to a request without valid credentials (401, with {@code WWW-Authenticate: Bearer}) and to one whose
 * token lacks the role (403), as problem documents. A service maps Quarkus's security exceptions to these.
 */
public final class SecurityProblems {

    private SecurityProblems() {
    }

    public static Response unauthorized() {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"leadflow\"")
                .entity(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized",
                        "A valid bearer token is required: Authorization: Bearer <JWT>."))
                .build();
    }

    public static Response forbidden() {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden",
                "Your token does not carry a role allowed to do this.").toResponse();
    }
}
