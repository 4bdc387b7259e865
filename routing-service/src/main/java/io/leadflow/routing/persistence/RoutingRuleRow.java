package io.leadflow.routing.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.EventJson;
import io.leadflow.routing.domain.Distribution;
import io.leadflow.routing.domain.Rule;
import io.leadflow.routing.domain.RuleConditions;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A routing rule in its position; conditions as JSON. */
@Entity
@Table(name = "routing_rule")
public class RoutingRuleRow extends PanacheEntityBase {

    @Id
    public UUID id;

    public int position;

    public String name;

    @Column(columnDefinition = "text")
    public String conditions;

    @Column(name = "team_id")
    public String teamId;

    @Enumerated(EnumType.STRING)
    public Distribution distribution;

    public Rule rule() {
        return new Rule(name, EventJson.read(conditions, RuleConditions.class), teamId, distribution);
    }

    public static Uni<List<RoutingRuleRow>> inOrder() {
        return list("order by position");
    }
}
