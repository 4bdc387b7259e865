package io.leadflow.events;

/** The company a lead works for, as the lead gave it. */
public record Company(String name, String website) {
}
