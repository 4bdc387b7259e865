package io.leadflow.routing.domain;

/** A lifecycle step the assignment's state does not allow (answered 409 with {@code slug}). */
public class LifecycleConflict extends RuntimeException {

    private final String slug;

    public LifecycleConflict(String slug, String detail) {
        super(detail);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
