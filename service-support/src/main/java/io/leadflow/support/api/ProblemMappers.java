package io.leadflow.support.api;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns every error a resource can meet into an {@code application/problem+json} answer, and never leaks a trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return Problem.of(400, "Malformed JSON", "malformed-json",
                "The body is not valid JSON: " + e.getOriginalMessage()).toResponse();
    }

    /** Quarkus maps this subtype itself; naming it here keeps unknown properties and wrong types in problem form. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonMappingException e) {
        String field = fieldPath(e.getPath());
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown property '" + unknown.getPropertyName() + "'";
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            reason = e.getCause().getMessage();
        } else if (e instanceof MismatchedInputException) {
            reason = "has the wrong type or shape";
        } else {
            reason = e.getOriginalMessage();
        }
        return Problem.invalid("The body does not match what this endpoint accepts.",
                List.of(new FieldError(field.isEmpty() ? "$" : field, reason))).toResponse();
    }

    /** A body that broke off or cannot be parsed at all (a truncated multipart upload): the client's to fix. */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return Problem.of(400, "Bad Request", "unreadable-body", "The request body could not be read: "
                + e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String slug = status.getReasonPhrase().toLowerCase().replace(' ', '-');
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), slug, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error while answering a request", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal",
                "The request could not be completed; it has been logged.").toResponse();
    }

    static String fieldPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
