package io.leadflow.nurturing.api;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadflow.nurturing.domain.SequenceDefinition;
import io.leadflow.nurturing.domain.SequenceValidator;
import io.leadflow.nurturing.mail.EmailComposer;
import io.leadflow.nurturing.persistence.Sequences;
import io.leadflow.support.api.FieldError;
import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;
import io.leadflow.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The sequences as an operator sees and changes them. A sequence that cannot run (no steps, a template that does not
 * render, a window that closes before it opens) is refused with each problem named; a valid one applies to the next
 * leads enrolled, while running enrollments keep the touches planned for them. Reads need {@code admin} or
 * {@code ops}, changes {@code admin}.
 */
@Path("/api/v1/admin/sequences")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPS })
public class SequenceAdminResource {

    @Inject
    Sequences sequences;

    @Inject
    EmailComposer composer;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @GET
    @WithSession
    public Uni<List<SequenceDefinition>> list() {
        return sequences.all();
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<SequenceDefinition> get(@PathParam("id") String id) {
        if (!SequenceValidator.wellFormedId(id)) {
            // Not a sequence id (and never sent to the database: a NUL byte there is an error, not a miss).
            throw notFound(id.replaceAll("\\p{Cntrl}", "?"));
        }
        return sequences.byId(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /** Creates ({@code 201}) or replaces ({@code 200}) the sequence {@code id}. */
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("id") String id,
            String json) throws JsonProcessingException {
        // Read here rather than by the framework, so a wrong value (a channel that does not exist) is answered
        // like every invalid field, with its path, by the shared problem mappers.
        SequenceDefinition body = json == null || json.isBlank() ? null
                : mapper.readerFor(SequenceDefinition.class)
                        .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
        if (body == null) {
            throw new ProblemException(Problem.invalid("A sequence is required.",
                    List.of(new FieldError("$", "the body is empty"))));
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw new ProblemException(Problem.invalid("The sequence does not match its address.",
                    List.of(new FieldError("id", "differs from the id in the path ('" + id + "')"))));
        }
        SequenceDefinition sequence = new SequenceDefinition(id, body.name(), body.priority(), body.entry(),
                body.steps());
        List<FieldError> errors = SequenceValidator.validate(sequence, composer::templateProblem);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("This sequence cannot run as it stands.", errors));
        }
        return sequences.save(sequence, clock.instant())
                .chain(created -> sequences.byId(id).map(saved -> Response
                        .status(created ? Response.Status.CREATED : Response.Status.OK).entity(saved).build()));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no-such-sequence",
                "There is no sequence '" + id + "'."));
    }
}
