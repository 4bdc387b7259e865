package io.leadflow.routing.domain;

import java.util.UUID;

/** A rep the decision passed over, and why. */
public record Skip(UUID repId, String name, String reason) {
}
