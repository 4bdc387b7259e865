package io.leadflow.support.api;

/** One invalid field of a request: its JSON path and why it was refused. */
public record FieldError(String field, String message) {
}
