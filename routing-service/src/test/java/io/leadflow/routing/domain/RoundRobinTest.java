package io.leadflow.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void walksTheRepsInTurn() {
        List<String> reps = List.of("alice", "bruno", "chloe");

        assertThat(LongStream.range(0, 7).mapToObj(turn -> RoundRobin.pick(reps, turn)))
                .containsExactly("alice", "bruno", "chloe", "alice", "bruno", "chloe", "alice");
    }

    @Test
    void nobodyToPickFromIsAnError() {
        assertThatThrownBy(() -> RoundRobin.pick(List.of(), 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
