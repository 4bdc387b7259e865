package io.leadflow.support.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/** A path no endpoint serves answers 404 in the same problem form as every other error. */
@Singleton
public class UnknownRouteProblem {

    void register(@Observes Router router) {
        router.route().last().handler(ctx -> {
            if (ctx.response().ended()) {
                return;
            }
            Problem problem = Problem.of(404, "Not Found", "not-found",
                    "No endpoint at " + ctx.request().method() + " " + ctx.normalizedPath());
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
    }
}
