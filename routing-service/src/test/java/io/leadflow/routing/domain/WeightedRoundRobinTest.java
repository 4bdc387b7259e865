package io.leadflow.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

    final Candidate alice = Reps.rep("alice", "t");
    final Candidate bruno = Reps.rep("bruno", "t");
    final Candidate chloe = Reps.rep("chloe", "t");

    @Test
    void equalWeightsWalkTheRepsInTurn() {
        List<Candidate> reps = List.of(alice, bruno, chloe);

        assertThat(LongStream.range(0, 7).mapToObj(turn -> WeightedRoundRobin.pick(reps, turn).name()))
                .containsExactly("alice", "bruno", "chloe", "alice", "bruno", "chloe", "alice");
    }

    @Test
    void aRepWithTwiceTheWeightGetsTwiceTheLeads() {
        List<Candidate> reps = List.of(Reps.withWeight(alice, 2), bruno);

        assertThat(LongStream.range(0, 300).mapToObj(turn -> WeightedRoundRobin.pick(reps, turn).name())
                .filter("alice"::equals).count()).isEqualTo(200);
    }

    @Test
    void nobodyToPickFromIsAnError() {
        assertThatThrownBy(() -> WeightedRoundRobin.pick(List.of(), 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
