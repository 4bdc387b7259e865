package io.leadflow.intake.api;

import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.leadflow.events.Activity;
import io.leadflow.intake.domain.EngagementIntake;
import io.leadflow.intake.messaging.OutboxRelay;
import io.leadflow.intake.persistence.SubmissionGroups;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.tracking.TrackingTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The open pixel, tracked links and unsubscribe page that nurturing's emails carry. The pixel always answers with the
 * image, whatever the token (an email client must never show a broken image); a link with a bad token has nowhere to
 * go and says so. Unsubscribing is an engagement like the others ({@code unsubscribed} on {@code leads.engagement}),
 * so nurturing learns it the way it learns of replies and bounces.
 */
@Path("/t")
public class TrackingResource {

    private static final Logger LOG = Logger.getLogger(TrackingResource.class);
    // The token is checked before it is written into the page: base64url and a dot only, nothing to escape.
    private static final String UNSUBSCRIBE_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head>
            <body>
            <h1>Unsubscribe</h1>
            <p>Stop receiving our emails? / Ne plus recevoir nos messages ?</p>
            <form method="post" action="/t/u/%s"><button type="submit">Unsubscribe / Se désinscrire</button></form>
            </body></html>
            """;
    private static final String UNSUBSCRIBED_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head>
            <body>
            <h1>You are unsubscribed</h1>
            <p>You will not receive our emails any more. / Vous ne recevrez plus nos messages.</p>
            </body></html>
            """;
    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final Optional<TrackingTokens> tokens;

    @Inject
    Clock clock;

    @Inject
    EngagementIntake engagements;

    @Inject
    OutboxRelay relay;

    @Inject
    RateLimits rateLimits;

    @Inject
    OutboxLimit outboxLimit;

    @Inject
    SubmissionGroups groups;

    public TrackingResource(@ConfigProperty(name = "leadflow.tracking.secret") Optional<String> secret) {
        this.tokens = secret.filter(s -> s.length() >= 16).map(TrackingTokens::new);
    }

    @GET
    @Path("/o/{token}")
    public Uni<Response> opened(@PathParam("token") String token) {
        return track(token, "open", Activity.EMAIL_OPENED)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Open not recorded: %s", failure.toString());
                    return null;
                })
                .map(ignored -> Response.ok(PIXEL, "image/gif")
                        .header("Cache-Control", "no-store, max-age=0").build());
    }

    @GET
    @Path("/c/{token}")
    public Uni<Response> clicked(@PathParam("token") String token, @Context HttpServerRequest request) {
        rateLimits.checkIp(Bodies.clientIp(request));
        Optional<TrackingTokens.Claims> claims = tokens.flatMap(t -> t.verify(token, clock.instant()))
                .filter(c -> "click".equals(c.kind()));
        if (claims.isEmpty()) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "link-not-valid",
                    "This link is not valid or has expired."));
        }
        // The person goes where the link points even when the click cannot be recorded right now.
        return track(token, "click", Activity.EMAIL_CLICKED)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Click not recorded: %s", failure.toString());
                    return null;
                })
                .map(ignored -> Response.status(Response.Status.FOUND).location(URI.create(claims.get().url()))
                        .header("Cache-Control", "no-store").build());
    }

    /**
     * The unsubscribe link of an email's footer: a page that asks to confirm, since mail scanners follow every link
     * of an email with GET and must not unsubscribe anyone.
     */
    @GET
    @Path("/u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response unsubscribePage(@PathParam("token") String token, @Context HttpServerRequest request) {
        rateLimits.checkIp(Bodies.clientIp(request));
        unsubscribeClaims(token);
        return Response.ok(UNSUBSCRIBE_PAGE.formatted(token)).header("Cache-Control", "no-store").build();
    }

    /**
     * One-click unsubscribe (RFC 8058): what a mailbox provider posts to the {@code List-Unsubscribe} address with
     * the body {@code List-Unsubscribe=One-Click}, and what the confirmation page's button posts.
     */
    @POST
    @Path("/u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> unsubscribe(@PathParam("token") String token, @Context HttpServerRequest request) {
        rateLimits.checkIp(Bodies.clientIp(request));
        unsubscribeClaims(token);
        return track(token, "unsubscribe", Activity.UNSUBSCRIBED)
                .map(ignored -> Response.ok(UNSUBSCRIBED_PAGE).header("Cache-Control", "no-store").build());
    }

    private TrackingTokens.Claims unsubscribeClaims(String token) {
        return tokens.flatMap(t -> t.verify(token, clock.instant()))
                .filter(c -> "unsubscribe".equals(c.kind()))
                .orElseThrow(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND, "link-not-valid",
                        "This unsubscribe link is not valid.")));
    }

    /** Records the activity of a genuine token of this kind, through the same path as any posted engagement. */
    private Uni<Void> track(String token, String kind, Activity activity) {
        Optional<TrackingTokens.Claims> claims = tokens.flatMap(t -> t.verify(token, clock.instant()))
                .filter(c -> kind.equals(c.kind()));
        if (claims.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        TrackingTokens.Claims c = claims.get();
        if (activity != Activity.UNSUBSCRIBED && outboxLimit.liveFull()) {
            // Opens and clicks are dropped while the outbox is full (the visitor is served all the same); an
            // unsubscribe never is.
            outboxLimit.dropped();
            return Uni.createFrom().voidItem();
        }
        Map<String, String> details = mapOf("touchId", c.touchId(), "url", c.url());
        return groups.inTransaction(() -> engagements.record(List.of(new EngagementIntake.ValidEngagement(
                c.leadId(), null, activity, clock.instant(), details)), true))
                .invoke(relay::wake)
                .replaceWithVoid();
    }

    private static Map<String, String> mapOf(String... keyValues) {
        Map<String, String> map = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return Map.copyOf(map);
    }
}
