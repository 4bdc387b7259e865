package io.leadflow.events;

/** Campaign attribution as the form or link carried it. */
public record Utm(String source, String medium, String campaign, String term, String content, String referrer) {
}
