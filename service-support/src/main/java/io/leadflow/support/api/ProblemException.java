package io.leadflow.support.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Thrown by a resource to answer with a given problem document (and headers such as {@code Retry-After}). */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException withHeader(String name, Object value) {
        headers.put(name, String.valueOf(value));
        return this;
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(response::header);
        return response.build();
    }
}
