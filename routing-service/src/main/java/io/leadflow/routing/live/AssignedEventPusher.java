package io.leadflow.routing.live;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.messaging.OutboxRelay;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.Team;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * With several instances, a rep's console may be connected to an instance other than the one that made a change.
 * Every instance reads {@code leads.assigned} under a consumer group of its own (from the latest record, nothing
 * committed) and pushes what another instance did to the consoles connected here; what this instance did it pushed
 * already, right after its commit. A record it cannot use is skipped: a missed push is replayed on reconnect.
 */
@ApplicationScoped
public class AssignedEventPusher {

    private static final Logger LOG = Logger.getLogger(AssignedEventPusher.class);

    @ConfigProperty(name = "quarkus.uuid")
    String instance;

    @Inject
    RepNotifier notifier;

    @Incoming("leads-assigned-live")
    public Uni<Void> onAssigned(Message<String> message) {
        return Uni.createFrom().deferred(() -> {
            if (instance.equals(origin(message))) {
                return Uni.createFrom().voidItem();
            }
            LeadAssignment event = EventJson.read(message.getPayload(), LeadAssignment.class);
            return Panache.withSession(() -> push(event));
        }).onFailure().recoverWithItem(failure -> {
            LOG.debugf("Could not push a leads.assigned record to this instance's consoles: %s", failure);
            return null;
        }).chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> push(LeadAssignment event) {
        if (event.status() == AssignmentStatus.ASSIGNED || event.status() == AssignmentStatus.REASSIGNED) {
            Uni<Void> revoked = event.previousRepId() == null || event.status() != AssignmentStatus.REASSIGNED
                    ? Uni.createFrom().voidItem()
                    : Assignment.<Assignment> find("leadId = ?1 and repId = ?2 and status = ?3 order by assignedAt desc",
                            event.leadId(), event.previousRepId(), AssignmentStatus.REASSIGNED).firstResult()
                            .invoke(old -> {
                                if (old != null && !"declined".equals(event.reason())) {
                                    notifier.push(old.repId, RepMessages.revoked(old, event.reason()));
                                }
                            }).replaceWithVoid();
            return revoked.chain(() -> Assignment.<Assignment> findById(event.assignmentId()))
                    .invoke(assignment -> {
                        if (assignment != null) {
                            notifier.push(assignment.repId, RepMessages.assignment(assignment));
                        }
                    }).replaceWithVoid();
        }
        if (event.status() == AssignmentStatus.ESCALATED && event.repId() != null) {
            return RoutedLead.<RoutedLead> findById(event.leadId()).invoke(lead -> {
                if (lead != null) {
                    notifier.push(event.repId(), RepMessages.escalation(lead, event.assignmentId(), "sla_breached"));
                }
            }).replaceWithVoid();
        }
        if (event.status() == AssignmentStatus.QUEUED) {
            return RoutedLead.<RoutedLead> findById(event.leadId()).chain(lead -> lead == null || lead.teamId == null
                    ? Uni.createFrom().voidItem()
                    : Team.<Team> findById(lead.teamId).invoke(team -> {
                        if (team != null && team.managerRepId != null) {
                            notifier.push(team.managerRepId, RepMessages.escalation(lead, null, event.reason()));
                        }
                    }).replaceWithVoid());
        }
        return Uni.createFrom().voidItem();
    }

    private static String origin(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders().lastHeader(OutboxRelay.ORIGIN))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
