package io.leadflow.routing.live;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which reps have a console open on this instance (sockets and SSE streams), for their presence: {@code away} when
 * they said so, else {@code online} with a console open here, else {@code offline}. Connections are counted per
 * instance; with several instances a rep connected elsewhere shows offline here.
 */
@ApplicationScoped
public class RepPresence {

    private final Map<UUID, Integer> consoles = new ConcurrentHashMap<>();

    public void opened(UUID repId) {
        consoles.merge(repId, 1, Integer::sum);
    }

    public void closed(UUID repId) {
        consoles.computeIfPresent(repId, (id, count) -> count <= 1 ? null : count - 1);
    }

    public String of(UUID repId, boolean away) {
        if (away) {
            return "away";
        }
        return consoles.containsKey(repId) ? "online" : "offline";
    }
}
