package io.leadflow.events;

/** The person behind a lead. The email is normalized (trimmed, lower-case) by intake. */
public record Contact(String email, String firstName, String lastName, String phone, String jobTitle) {
}
