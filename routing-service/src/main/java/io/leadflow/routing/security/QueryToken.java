package io.leadflow.routing.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Browsers cannot set a header on an EventSource or a WebSocket: on the rep's live feeds (the SSE stream and
 * {@code /ws/reps/{repId}}) an {@code access_token} query parameter stands for {@code Authorization: Bearer}. Only
 * there, only when no Authorization header was sent, and only when it looks like a token (a control character would
 * make an invalid header).
 */
@ApplicationScoped
public class QueryToken {

    /** What a JWT can hold (base64url parts and dots); anything else is ignored, so the request stays unauthenticated. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9._~+/=-]{1,8192}");

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::bearerFromQuery);
    }

    void bearerFromQuery(RoutingContext rc) {
        if (rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null && isLiveFeed(rc.request().path())) {
            String token = rc.request().getParam("access_token");
            if (token != null && TOKEN.matcher(token.trim()).matches()) {
                rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.trim());
            }
        }
        rc.next();
    }

    static boolean isLiveFeed(String path) {
        return path != null && (path.startsWith("/ws/reps/")
                || (path.startsWith("/api/v1/reps/") && path.endsWith("/assignments/stream")));
    }
}
