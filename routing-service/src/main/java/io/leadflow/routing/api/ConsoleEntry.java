package io.leadflow.routing.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;

/** {@code /console} without its slash leads to the rep console's page ({@code /console/index.html}). */
@Singleton
public class ConsoleEntry {

    void register(@Observes Router router) {
        // Vert.x matches "/console" for "/console/" too: only the path without its slash is redirected.
        router.get("/console").handler(rc -> {
            if ("/console".equals(rc.request().path())) {
                rc.redirect("/console/");
            } else {
                rc.next();
            }
        });
    }
}
