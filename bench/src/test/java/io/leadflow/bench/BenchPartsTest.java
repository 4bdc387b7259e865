package io.leadflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BenchPartsTest {

    @Test
    void theMixIsAboutAThirdHotWithSomeReturningVisitorsAndTheSameForTheSameSeed() {
        LeadMix mix = new LeadMix(42, 0.3, "t");
        var requests = IntStream.range(0, 10_000).mapToObj(i -> mix.next()).toList();

        long hot = requests.stream().filter(LeadMix.Request::hot).count();
        long returning = requests.stream().filter(LeadMix.Request::engagement).count();
        assertThat(hot).isBetween(2_500L, 2_900L);
        assertThat(returning).isBetween(800L, 1_200L);
        assertThat(requests).filteredOn(LeadMix.Request::hot)
                .allSatisfy(r -> assertThat(r.json()).containsAnyOf("quote_request", "demo_request"));
        assertThat(requests).filteredOn(r -> !r.hot() && !r.engagement())
                .allSatisfy(r -> assertThat(r.json()).containsAnyOf("content_download", "newsletter"));
        LeadMix again = new LeadMix(42, 0.3, "t");
        assertThat(IntStream.range(0, 100).mapToObj(i -> again.next().json()).toList())
                .isEqualTo(requests.subList(0, 100).stream().map(LeadMix.Request::json).toList());
    }

    @Test
    void requestsAreDueOnAFixedScheduleWhateverTheAnswers() {
        assertThat(OpenLoad.due(1_000, 0, 200)).isEqualTo(1_000);
        assertThat(OpenLoad.due(1_000, 200, 200)).isEqualTo(1_000_001_000L);
        assertThat(OpenLoad.due(0, 3, 3)).isEqualTo(1_000_000_000L);
    }

    @Test
    void latencyPercentilesComeFromAllRecordedValues() {
        Latency latency = new Latency();
        IntStream.rangeClosed(1, 1000).forEach(ms -> latency.record(ms * 1_000_000L));

        Latency.Summary summary = latency.summary();
        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.p50()).isBetween(499.0, 501.0);
        assertThat(summary.p99()).isBetween(989.0, 991.0);
        assertThat(summary.max()).isBetween(999.0, 1001.0);
    }

    @Test
    void theCeilingToolsOutputsAreRead() {
        String producer = """
                91203 records sent, 18240.6 records/sec (12.19 MB/sec), 620.8 ms avg latency, 1321.0 ms max latency.
                200000 records sent, 21052.6 records/sec (14.07 MB/sec), 540.12 ms avg latency, 1400.00 ms max \
                latency, 512 ms 50th, 1100 ms 95th, 1300 ms 99th, 1390 ms 99.9th.
                """;
        Ceilings.Kafka kafka = Ceilings.parseProducer(producer, 700);
        assertThat(kafka.recordsPerSecond()).isEqualTo(21052.6);
        assertThat(kafka.p99Ms()).isEqualTo(1300);
        assertThat(Ceilings.parseTps("latency average = 1.2 ms\ntps = 1693.402111 (without initial connection time)"))
                .isEqualTo(1693.402111);
        assertThatThrownBy(() -> Ceilings.parseTps("connection refused")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsHaveDefaultsAndRefuseNonsense() {
        BenchOptions smoke = BenchOptions.parse("--smoke");
        assertThat(smoke.rate()).isEqualTo(5);
        assertThat(smoke.label()).isEqualTo("smoke");
        assertThat(BenchOptions.parse("--rate", "1000", "--duration", "60").duration().toSeconds()).isEqualTo(60);
        assertThatThrownBy(() -> BenchOptions.parse("--rate", "-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rate")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theImportModeIsChosenByItsRowsAndItsListHasDistinctPeopleOneInTwentyHot() {
        BenchOptions options = BenchOptions.parse("--import-rows", "200", "--live-hot", "4", "--live-every", "2");
        assertThat(options.importRows()).isEqualTo(200);
        assertThat(options.liveHot()).isEqualTo(4);
        assertThat(options.label()).isEqualTo("import");
        assertThat(BenchOptions.parse().importRows()).isZero();
        assertThatThrownBy(() -> BenchOptions.parse("--import-rows", "-1")).isInstanceOf(IllegalArgumentException.class);

        List<String> lines = List.of(new ImportRun(options, "r1").csv(200).split("\n"));
        assertThat(lines.get(0)).isEqualTo("email,first name,last name,company,job title,country");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize(200);
        assertThat(rows.stream().map(r -> r.split(",")[0]).distinct()).hasSize(200);
        assertThat(rows.stream().filter(r -> r.contains("VP Sales"))).hasSize(10);
    }

    @Test
    void cpuTimeIsReadFromProcStatEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194304 12 0 0 0 1500 250 0 0 20 0 52 0 9000 0 0";

        assertThat(CpuUse.busyTicks(stat)).isEqualTo(1750);
    }

    @Test
    void processesAreGroupedIntoThePartsOfTheSystem() {
        assertThat(CpuUse.part("java -Xmx256m -jar /w/scoring-service/target/quarkus-app/quarkus-run.jar"))
                .isEqualTo("scoring-service");
        assertThat(CpuUse.part("java -Xmx384m -cp /w/lib/* kafka.Kafka /w/server.properties"))
                .isEqualTo("kafka broker");
        assertThat(CpuUse.part("postgres: leadflow routing 127.0.0.1(5432) idle")).isEqualTo("postgresql");
        assertThat(CpuUse.part("/tmp/pg/bin/postgres -D /tmp/pg/data -p 5433")).isEqualTo("postgresql");
        assertThat(CpuUse.part("bash -c make")).isEqualTo("everything else");
    }

    @Test
    void cpuPerLeadCountsOnlyTheWindowAndANewProcessFromItsStart() {
        CpuUse.Snapshot before = new CpuUse.Snapshot(Map.of(
                1L, new CpuUse.Sample("scoring-service", 1_000),
                2L, new CpuUse.Sample("kafka broker", 500),
                3L, new CpuUse.Sample("postgresql", 70)), 0);
        // 10 s later: scoring used 400 ticks (4 s), the broker 100, backend 3 ended (left out), backend 4 started
        // and used 50; pid 1 was not reused.
        CpuUse.Snapshot after = new CpuUse.Snapshot(Map.of(
                1L, new CpuUse.Sample("scoring-service", 1_400),
                2L, new CpuUse.Sample("kafka broker", 600),
                4L, new CpuUse.Sample("postgresql", 50)), 10_000_000_000L);

        List<CpuUse.Part> parts = CpuUse.between(before, after, 200);

        assertThat(parts).extracting(CpuUse.Part::name)
                .containsExactly("scoring-service", "kafka broker", "postgresql", "total");
        assertThat(parts.get(0)).isEqualTo(new CpuUse.Part("scoring-service", 0.4, 20.0));
        assertThat(parts.get(2)).isEqualTo(new CpuUse.Part("postgresql", 0.05, 2.5));
        assertThat(parts.get(3)).isEqualTo(new CpuUse.Part("total", 0.55, 27.5));
        assertThat(CpuUse.between(before, new CpuUse.Snapshot(Map.of(), 1), 200)).isEmpty();
    }

    @Test
    void timeToAssignCountsLeadsSentHotAndLeadsMadeHotByVisitsApart() {
        long ms = 1_000_000;
        Map<String, Long> due = Map.of("quote", 0L, "download", 0L, "demo-waiting", 0L, "newsletter", 0L);
        Map<String, Long> assigned = Map.of("quote", 50 * ms, "download", 31_000 * ms);

        Assignments assignments = Assignments.of(due, Set.of("quote", "demo-waiting"), assigned);

        assertThat(assignments.hotAssigned()).isEqualTo(1);
        assertThat(assignments.afterEngagements()).isEqualTo(1);
        assertThat(assignments.toAssign().summary().count()).isEqualTo(1);
        assertThat(assignments.toAssign().summary().max()).isBetween(49.0, 51.0);
    }

    @Test
    void aSnapshotReadsThisMachinesProcessesWithThisJvmAsTheClient() {
        assumeTrue(CpuUse.available(), "no /proc on this system: the bench reports no CPU table there");
        CpuUse.Snapshot snapshot = CpuUse.snapshot();

        // This JVM started and ran the tests before: it has CPU time to show.
        assertThat(snapshot.processes().get(ProcessHandle.current().pid()))
                .satisfies(self -> assertThat(self.part()).isEqualTo("bench client"))
                .satisfies(self -> assertThat(self.ticks()).isPositive());
        assertThat(snapshot.processes().size()).isGreaterThan(1);
    }
}
