package io.leadflow.intake.api;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.leadflow.intake.config.IntakeConfig;
import io.leadflow.support.api.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body over its endpoint's cap from its {@code Content-Length}, before a byte of it is buffered: the server
 * accepts large bodies only where imports need them.
 */
@Singleton
public class EarlyBodyCaps {

    void register(@Observes Router router, IntakeConfig config) {
        Map<String, Integer> caps = Map.of(
                "/api/v1/leads", config.maxLeadBodyBytes(),
                "/api/v1/engagements", config.maxEngagementBodyBytes(),
                "/api/v1/webhooks/[^/]+", config.maxWebhookBodyBytes(),
                "/api/v1/forms/[^/]+", config.maxFormBodyBytes());
        caps.forEach((path, cap) -> router.routeWithRegex(HttpMethod.POST, "^" + path + "$").order(-1000)
                .handler(ctx -> refuseOver(ctx, cap)));
        router.routeWithRegex(HttpMethod.PUT, "^/api/v1/admin/spend/[^/]+$").order(-1000)
                .handler(ctx -> refuseOver(ctx, config.spend().maxBodyBytes()));
    }

    private static void refuseOver(RoutingContext ctx, int cap) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared > cap) {
            Problem problem = Problem.of(413, "Content Too Large", "body-too-large",
                    "This endpoint accepts bodies of at most " + cap + " bytes; this one declares " + declared + ".");
            ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(Json.encode(problem));
            return;
        }
        ctx.next();
    }
}
