package io.leadflow.fault;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The invariants of the architecture, counted against the topics and the four databases after a scenario: what is
 * wrong is listed, so a failure says which lead broke which promise.
 */
final class Reconciliation {

    private final Stack stack;

    Reconciliation(Stack stack) {
        this.stack = stack;
    }

    /** Every accepted lead: on {@code leads.received} (by distinct event id) exactly once. */
    List<String> receivedOnce(Collection<LeadStream.Accepted> leads) {
        return receivedOnce(leads, "leads.received");
    }

    /** Every lead: on {@code topic} (by distinct event id) exactly once. */
    List<String> receivedOnce(Collection<LeadStream.Accepted> leads, String topic) {
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (ConsumerRecord<String, String> record : readAll(topic)) {
            Header id = record.headers().lastHeader("ce_id");
            eventIds.computeIfAbsent(record.key(), k -> new HashSet<>())
                    .add(id == null ? "no-id-" + record.offset() : new String(id.value()));
        }
        List<String> wrong = new ArrayList<>();
        for (LeadStream.Accepted lead : leads) {
            int count = eventIds.getOrDefault(lead.leadId(), Set.of()).size();
            if (count != 1) {
                wrong.add(lead.leadId() + " is on " + topic + " " + count + " times");
            }
        }
        return wrong;
    }

    /** Every accepted lead scored, its first score stored once. */
    List<String> scoredOnce(Collection<LeadStream.Accepted> leads) throws SQLException {
        Map<String, Integer> firstScores = countBy("scoring",
                "select lead_id::text, count(*) from score_change where score_before is null and lead_id = any(?) "
                        + "group by lead_id", ids(leads));
        List<String> wrong = new ArrayList<>();
        for (LeadStream.Accepted lead : leads) {
            int count = firstScores.getOrDefault(lead.leadId(), 0);
            if (count != 1) {
                wrong.add(lead.leadId() + " was first scored " + count + " times");
            }
        }
        return wrong;
    }

    /** Every hot lead has exactly one active assignment (assigned or accepted). */
    List<String> oneActiveAssignment(Collection<String> hotLeadIds) throws SQLException {
        Map<String, Integer> active = countBy("routing",
                "select lead_id::text, count(*) from assignment where status in ('ASSIGNED', 'ACCEPTED') "
                        + "and lead_id = any(?) group by lead_id", hotLeadIds);
        List<String> wrong = new ArrayList<>();
        for (String leadId : hotLeadIds) {
            int count = active.getOrDefault(leadId, 0);
            if (count != 1) {
                wrong.add(leadId + " (hot) has " + count + " active assignments");
            }
        }
        return wrong;
    }

    /** Every lead that is not hot is in exactly one active sequence. */
    List<String> oneActiveEnrollment(Collection<String> coolLeadIds) throws SQLException {
        Map<String, Integer> active = countBy("nurturing",
                "select lead_id::text, count(*) from enrollment where status = 'ACTIVE' and lead_id = any(?) "
                        + "group by lead_id", coolLeadIds);
        List<String> wrong = new ArrayList<>();
        for (String leadId : coolLeadIds) {
            int count = active.getOrDefault(leadId, 0);
            if (count != 1) {
                wrong.add(leadId + " (not hot) has " + count + " active enrollments");
            }
        }
        return wrong;
    }

    /**
     * No touch of these leads went out twice: per lead, sequence and step, at most one touch is marked sent (the
     * unique (enrollment, step) key already stops two rows of one enrollment; this also covers two enrollments).
     */
    List<String> touchesSentOnce(Collection<String> leadIds) throws SQLException {
        Map<String, Integer> doubled = countBy("nurturing", "select e.lead_id::text || ' step ' || t.step, count(*) "
                + "from scheduled_touch t join enrollment e on e.id = t.enrollment_id where t.status = 'SENT' "
                + "and e.lead_id = any(?) group by e.lead_id, e.sequence_id, t.step having count(*) > 1", leadIds);
        return doubled.entrySet().stream().map(d -> d.getKey() + " was sent " + d.getValue() + " times").toList();
    }

    /**
     * No SLA timer of these hot leads is lost: each has its SLA deadline pending, already breached, or is accepted
     * (acceptance clears it); a deadline more than a minute past (the sweep runs every second) was lost or is stuck.
     * Likewise no open assignment's acknowledgement deadline is more than a minute past.
     */
    List<String> slaTimersKept(Collection<String> hotLeadIds) throws SQLException {
        Map<String, String> timers = stringsBy("routing", "select r.lead_id::text, case "
                + "when r.sla_breached_at is not null then 'breached' "
                + "when r.sla_due_at is null then case when exists (select 1 from assignment a where a.lead_id = "
                + "r.lead_id and a.status = 'ACCEPTED') then 'accepted' else 'no SLA timer' end "
                + "when r.sla_due_at < now() - interval '60 seconds' "
                + "then 'SLA deadline overdue since ' || r.sla_due_at "
                + "else 'timed' end from routed_lead r where r.lead_id = any(?)", hotLeadIds);
        List<String> wrong = new ArrayList<>();
        for (String leadId : hotLeadIds) {
            String timer = timers.getOrDefault(leadId, "not routed");
            if (!Set.of("breached", "accepted", "timed").contains(timer)) {
                wrong.add(leadId + " (hot): " + timer);
            }
        }
        stringsBy("routing", "select lead_id::text, accept_by::text from assignment where status = 'ASSIGNED' "
                + "and accept_by < now() - interval '60 seconds' and lead_id = any(?)", hotLeadIds)
                .forEach((leadId, due) -> wrong.add(leadId + " acknowledgement deadline overdue since " + due));
        return wrong;
    }

    /** Every scenario's leads so far: SLA deadlines more than a minute past that no sweep has fired. */
    List<String> overdueSlaTimers() throws SQLException {
        List<String> overdue = new ArrayList<>();
        try (Connection connection = stack.database("routing");
                ResultSet rows = connection.createStatement().executeQuery("select lead_id::text, sla_due_at::text "
                        + "from routed_lead where sla_due_at < now() - interval '60 seconds'")) {
            while (rows.next()) {
                overdue.add(rows.getString(1) + " SLA deadline overdue since " + rows.getString(2));
            }
        }
        return overdue;
    }

    /** Leads whose SLA breach has fired, over the whole suite so far. */
    long slaBreaches() throws SQLException {
        return count("routing", "select count(*) from routed_lead where sla_breached_at is not null");
    }

    /** Round-robin turns handed out by every team's rotation so far (the first turn is 0; task pools excluded). */
    long rotationTurns() throws SQLException {
        return count("routing", "select coalesce(sum(turn + 1), 0) from rotation_state where pool not like 'tasks:%'");
    }

    /**
     * Every touch of these leads that fell due was done: none due and still scheduled (the scheduler passes every
     * 5 s and the suite's windows are open all day, so this converges), none failed.
     */
    List<String> touchesDueDone(Collection<String> leadIds) throws SQLException {
        return stringsBy("nurturing", "select e.lead_id::text || ' step ' || t.step, t.status || ' due ' || t.due_at "
                + "from scheduled_touch t join enrollment e on e.id = t.enrollment_id where e.lead_id = any(?) "
                + "and ((t.status = 'SCHEDULED' and t.due_at <= now()) or t.status = 'FAILED')",
                leadIds).entrySet().stream().map(e -> e.getKey() + " fell due and was not sent: " + e.getValue())
                .toList();
    }

    /** How many touches of these leads were sent. */
    int touchesSent(Collection<String> leadIds) throws SQLException {
        return countBy("nurturing", "select 'sent', count(*) from scheduled_touch t join enrollment e "
                + "on e.id = t.enrollment_id where t.status = 'SENT' and e.lead_id = any(?)", leadIds)
                .getOrDefault("sent", 0);
    }

    /**
     * Per lead, the order its {@code form_submitted} engagements carrying one of {@code markers} (their campaign)
     * appear in on {@code leads.engagement}, each event id once: for a lead that submitted forms one after the
     * other, the order it submitted them in.
     */
    Map<String, List<String>> formsInTopicOrder(Collection<String> leadIds, Collection<String> markers) {
        Map<String, List<String>> order = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>(readAll("leads.engagement"));
        records.sort(java.util.Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        for (ConsumerRecord<String, String> record : records) {
            if (!leadIds.contains(record.key()) || record.value() == null) {
                continue;
            }
            Header id = record.headers().lastHeader("ce_id");
            if (id != null && !seen.add(new String(id.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            for (String marker : markers) {
                if (record.value().contains("\"" + marker + "\"")) {
                    order.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(marker);
                }
            }
        }
        return order;
    }

    /** A database's sessions that are in a transaction or waiting, for a failure to say who holds what. */
    List<String> sessions(String database) {
        List<String> sessions = new ArrayList<>();
        try (Connection connection = stack.database(database);
                ResultSet rows = connection.createStatement().executeQuery("select pid, state, wait_event_type, "
                        + "now() - xact_start, left(query, 120) from pg_stat_activity where pid <> pg_backend_pid() "
                        + "and datname = current_database() and (xact_start is not null or wait_event_type = 'Lock')")) {
            while (rows.next()) {
                sessions.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getString(3) + " for "
                        + rows.getString(4) + ": " + rows.getString(5));
            }
        } catch (SQLException e) {
            sessions.add("cannot list: " + e);
        }
        return sessions;
    }

    /** The partitions of {@code topic} each member of a consumer group holds, once the group is stable; else empty. */
    Map<String, Set<Integer>> stableMembers(String group, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        try (Admin admin = Admin.create(props)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            if (description.groupState() != GroupState.STABLE) {
                return Map.of();
            }
            Map<String, Set<Integer>> members = new HashMap<>();
            for (MemberDescription member : description.members()) {
                Set<Integer> partitions = new HashSet<>();
                member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> partitions.add(tp.partition()));
                members.put(member.consumerId(), partitions);
            }
            return members;
        }
    }

    /** Every consumer group's state and each member's client id and partitions, for a failure to show. */
    List<String> groups() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        List<String> groups = new ArrayList<>();
        try (Admin admin = Admin.create(props)) {
            List<String> ids = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId)
                    .sorted().toList();
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(ids).all().get().values()) {
                StringBuilder line = new StringBuilder(group.groupId() + " " + group.groupState() + ":");
                for (MemberDescription member : group.members()) {
                    line.append(' ').append(member.clientId()).append(member.host())
                            .append(member.assignment().topicPartitions());
                }
                groups.add(line.toString());
            }
        } catch (Exception e) {
            groups.add("cannot describe: " + e);
        }
        return groups;
    }

    /** The partition of {@code topic} a record keyed by this lead id lands on (the producers' default partitioner). */
    int partitionOf(String topic, String leadId) {
        int partitions;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).size();
        }
        return Utils.toPositive(Utils.murmur2(leadId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** How many of these leads' active assignments each rep holds. */
    Map<String, Integer> assignmentsPerRep(Collection<String> leadIds) throws SQLException {
        return countBy("routing", "select rep_id::text, count(*) from assignment where status in ('ASSIGNED', "
                + "'ACCEPTED') and lead_id = any(?) group by rep_id", leadIds);
    }

    /** The leads an import created, from intake's record of them. */
    List<LeadStream.Accepted> importedLeads(String importId) throws SQLException {
        List<LeadStream.Accepted> leads = new ArrayList<>();
        try (Connection connection = stack.database("intake");
                PreparedStatement query = connection.prepareStatement(
                        "select lead_id::text from import_lead where import_id = ?::uuid")) {
            query.setString(1, importId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    leads.add(new LeadStream.Accepted(rows.getString(1), null, false));
                }
            }
        }
        return leads;
    }

    /** These leads' records on any pipeline topic's dead-letter topic. */
    List<String> deadLettered(Collection<LeadStream.Accepted> leads) {
        Set<String> ids = new HashSet<>(ids(leads));
        List<String> found = new ArrayList<>();
        for (String topic : List.of("leads.received.bulk.dlq", "leads.scored.bulk.dlq", "leads.received.dlq",
                "leads.scored.dlq", "leads.assigned.dlq", "leads.nurture.dlq", "leads.engagement.dlq")) {
            readAll(topic).stream().filter(r -> ids.contains(r.key()))
                    .forEach(r -> found.add(r.key() + " on " + topic));
        }
        return found;
    }

    /** The accepted leads scoring classified hot. */
    Set<String> hotLeads(Collection<LeadStream.Accepted> leads) throws SQLException {
        return Set.copyOf(countBy("scoring", "select lead_id::text, 1 from lead_score where temperature = 'HOT' "
                + "and lead_id = any(?)", ids(leads)).keySet());
    }

    int outboxPending() throws SQLException {
        try (Connection connection = stack.database("intake");
                ResultSet rows = connection.createStatement().executeQuery("select count(*) from outbox_event")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Lag of every consumer group of the services. */
    long lag() throws Exception {
        return lagByPartition().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Where there is lag: "group topic-partition" to how many records are not committed yet. */
    Map<String, Long> lagByPartition() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        Map<String, Long> lags = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(props)) {
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        long lag = ends.get(entry.getKey()).offset() - entry.getValue().offset();
                        if (lag > 0) {
                            lags.put(group.groupId() + " " + entry.getKey(), lag);
                        }
                    }
                }
            }
        }
        return lags;
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private Map<String, Integer> countBy(String database, String sql, Collection<String> leadIds)
            throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = stack.database(database);
                PreparedStatement query = connection.prepareStatement(sql)) {
            Array ids = connection.createArrayOf("uuid", leadIds.stream().map(UUID::fromString).toArray());
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    private Map<String, String> stringsBy(String database, String sql, Collection<String> leadIds)
            throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Connection connection = stack.database(database);
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("uuid", leadIds.stream().map(UUID::fromString).toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return values;
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection connection = stack.database(database);
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> ids(Collection<LeadStream.Accepted> leads) {
        return leads.stream().map(LeadStream.Accepted::leadId).toList();
    }
}
