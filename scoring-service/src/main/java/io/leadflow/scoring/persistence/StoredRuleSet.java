package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One version of the rule set as written (YAML), a draft until published. */
@Entity
@Table(name = "rule_set")
public class StoredRuleSet extends PanacheEntityBase {

    public static final String DRAFT = "draft";
    public static final String PUBLISHED = "published";

    @Id
    public String version;

    public String description;

    @Column(columnDefinition = "text")
    public String definition;

    /** {@code shipped} (the service's default) or {@code api} (saved by a person). */
    public String origin;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The version in force: the last one published. */
    public static Uni<StoredRuleSet> active() {
        return find("status = ?1 order by publishedAt desc, version desc", PUBLISHED).firstResult();
    }

    public static Uni<List<StoredRuleSet>> newestFirst() {
        return list("order by createdAt desc, version desc");
    }
}
