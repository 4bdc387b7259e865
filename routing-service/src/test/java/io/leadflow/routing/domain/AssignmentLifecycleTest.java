package io.leadflow.routing.domain;

import static io.leadflow.events.AssignmentStatus.ACCEPTED;
import static io.leadflow.events.AssignmentStatus.ASSIGNED;
import static io.leadflow.events.AssignmentStatus.DECLINED;
import static io.leadflow.events.AssignmentStatus.REASSIGNED;
import static io.leadflow.events.Outcome.CONTACTED;
import static io.leadflow.events.Outcome.CONVERTED;
import static io.leadflow.events.Outcome.DISQUALIFIED;
import static io.leadflow.events.Outcome.MEETING_BOOKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.leadflow.routing.domain.AssignmentLifecycle.Step;

class AssignmentLifecycleTest {

    @Test
    void acceptingTwiceIsHarmlessButAMovedAssignmentCannotBeAccepted() {
        assertThat(AssignmentLifecycle.accept(ASSIGNED)).isEqualTo(Step.CHANGED);
        assertThat(AssignmentLifecycle.accept(ACCEPTED)).isEqualTo(Step.ALREADY_DONE);
        assertThatThrownBy(() -> AssignmentLifecycle.accept(REASSIGNED)).isInstanceOf(LifecycleConflict.class)
                .extracting(e -> ((LifecycleConflict) e).slug()).isEqualTo("assignment-moved");
        assertThatThrownBy(() -> AssignmentLifecycle.accept(DECLINED)).isInstanceOf(LifecycleConflict.class);
    }

    @Test
    void anAcceptedAssignmentIsNotDeclined() {
        assertThat(AssignmentLifecycle.decline(ASSIGNED)).isEqualTo(Step.CHANGED);
        assertThat(AssignmentLifecycle.decline(DECLINED)).isEqualTo(Step.ALREADY_DONE);
        assertThatThrownBy(() -> AssignmentLifecycle.decline(ACCEPTED)).isInstanceOf(LifecycleConflict.class);
    }

    @Test
    void outcomesNeedAnAcceptanceAndMoveForwardOnly() {
        assertThatThrownBy(() -> AssignmentLifecycle.outcome(ASSIGNED, null, CONTACTED))
                .extracting(e -> ((LifecycleConflict) e).slug()).isEqualTo("assignment-not-accepted");
        assertThat(AssignmentLifecycle.outcome(ACCEPTED, null, CONTACTED)).isEqualTo(Step.CHANGED);
        assertThat(AssignmentLifecycle.outcome(ACCEPTED, CONTACTED, MEETING_BOOKED)).isEqualTo(Step.CHANGED);
        assertThat(AssignmentLifecycle.outcome(ACCEPTED, MEETING_BOOKED, MEETING_BOOKED))
                .isEqualTo(Step.ALREADY_DONE);
        assertThatThrownBy(() -> AssignmentLifecycle.outcome(ACCEPTED, MEETING_BOOKED, CONTACTED))
                .extracting(e -> ((LifecycleConflict) e).slug()).isEqualTo("outcome-out-of-order");
        assertThat(AssignmentLifecycle.outcome(ACCEPTED, MEETING_BOOKED, DISQUALIFIED)).isEqualTo(Step.CHANGED);
        assertThatThrownBy(() -> AssignmentLifecycle.outcome(ACCEPTED, CONVERTED, DISQUALIFIED))
                .isInstanceOf(LifecycleConflict.class);
        assertThatThrownBy(() -> AssignmentLifecycle.outcome(ACCEPTED, DISQUALIFIED, CONVERTED))
                .isInstanceOf(LifecycleConflict.class);
    }
}
