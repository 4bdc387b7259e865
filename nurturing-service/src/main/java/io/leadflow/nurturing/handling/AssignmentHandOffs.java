package io.leadflow.nurturing.handling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.LeadAssignment;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.persistence.LeadLocks;
import io.smallrye.mutiny.Uni;

/**
 * What routing's assignments mean for nurturing: a lead a rep received or accepted leaves its sequence
 * ({@code handed_to_sales}); a lead routing releases (declined by all, never accepted) follows a sequence again.
 */
@ApplicationScoped
public class AssignmentHandOffs {

    @Inject
    EnrollmentExits exits;

    @Inject
    LeadEnroller enroller;

    public Uni<Void> onAssignment(Delivery<LeadAssignment> delivery) {
        LeadAssignment assignment = delivery.event();
        if (assignment.leadId() == null || assignment.status() == null) {
            throw new InvalidEventException("lead.assignment.v1 without leadId or status");
        }
        return switch (assignment.status()) {
            case ASSIGNED, ACCEPTED -> LeadLocks.lock(assignment.leadId())
                    .chain(() -> exits.exitActive(assignment.leadId(), EnrollmentExits.HANDED_TO_SALES,
                            delivery.eventId(), assignment.receivedAt(), delivery::afterCommit));
            case RELEASED -> enroller.onReleased(assignment.leadId(), delivery.eventId(), delivery::afterCommit);
            default -> Uni.createFrom().voidItem(); // UNKNOWN too: a newer routing's step changes nothing here
        };
    }
}
