package io.leadflow.nurturing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.leadflow.events.Company;
import io.leadflow.events.Contact;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.events.Topics;
import io.leadflow.nurturing.testing.Leads;
import io.leadflow.nurturing.testing.ServiceInstance;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.TestKafka;
import io.leadflow.testsupport.TestPostgres;
import io.leadflow.testsupport.Topic;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Two instances of the packaged service, one database, one broker, one SMTP server: every due touch goes out exactly
 * once, whichever instance claims it. The instances use the system clock, so the sequence they run is due at once on
 * any day: every day a business day, a window over the whole day.
 */
class TwoInstancesIT {

    static final int LEADS = 30;

    static TestKafka kafka;
    static TestPostgres postgres;
    static GreenMail smtp;
    static KafkaCompanion companion;
    static List<ServiceInstance> instances;

    @BeforeAll
    static void start() throws IOException {
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        String database = postgres.createDatabase("nurturing_two_instances_" + ProcessHandle.current().pid());
        int smtpPort = freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        companion = new KafkaCompanion(kafka.bootstrapServers());
        Path sequences = Files.writeString(Files.createTempFile("two-instances-sequences", ".yaml"), """
                - id: around-the-clock
                  name: Due at once, every day
                  priority: 1
                  steps:
                    - { channel: email, delayDays: 0, window: { start: "00:00", end: "23:59" }, template: welcome }
                    - { channel: call_task, delayDays: 0, window: { start: "00:00", end: "23:59" }, template: call }
                """);
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                "QUARKUS_DATASOURCE_PASSWORD", postgres.password(),
                "QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", String.valueOf(smtpPort),
                "LEADFLOW_TRACKING_SECRET", "two-instances-tracking-secret",
                "LEADFLOW_NURTURING_SEQUENCES_FILE", sequences.toString(),
                "LEADFLOW_NURTURING_BUSINESS_DAYS", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY"));
        environment.put("LEADFLOW_NURTURING_SCHEDULER_INTERVAL", "100ms");
        environment.put("LEADFLOW_NURTURING_THROTTLE_PER_DOMAIN_PER_MINUTE", "0");
        // prod refuses to start without the JWT verification key (SECURITY.md): the test key.
        environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                Path.of("src/test/resources/test-jwt/public.pem").toAbsolutePath().toString());
        instances = List.of(ServiceInstance.start("nurturing-a", environment),
                ServiceInstance.start("nurturing-b", environment));
        instances.forEach(i -> i.awaitReady(Duration.ofMinutes(3)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (instances != null) {
            for (ServiceInstance instance : instances) {
                instance.close();
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyDueTouchIsSentOnceWhicheverInstanceClaimsIt() {
        // The window ends at 23:59 in the lead's zone: a run in the last minutes of a UTC day uses a zone behind.
        String zone = LocalTime.now(ZoneOffset.UTC).isAfter(LocalTime.of(23, 30)) ? "Etc/GMT+2" : "UTC";
        List<LeadScored> leads = IntStream.range(0, LEADS).mapToObj(i -> Leads.scored(Temperature.COLD,
                new Contact(Leads.uniqueEmail("lead" + i), "Lead" + i, null, null, null), new Company(null, null),
                "US", "en", zone, true, null)).toList();
        Topic scored = new Topic(companion, Topics.SCORED);
        leads.forEach(l -> scored.publish(l.leadId(), l));

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> leads.stream().allMatch(l -> !messagesTo(l.lead().contact().email()).isEmpty()));
        List<String> leadIds = leads.stream().map(l -> l.leadId().toString()).toList();
        Topic nurture = new Topic(companion, Topics.NURTURE);
        assertThat(nurture.collect(r -> leadIds.contains(r.key()) && r.value().contains("\"task_created\""),
                tasks -> tasks.size() >= LEADS, Duration.ofSeconds(60), Duration.ofSeconds(3))).hasSize(LEADS);

        Map<String, Integer> emailsPerAddress = leads.stream().map(l -> l.lead().contact().email())
                .collect(Collectors.toMap(Function.identity(), a -> messagesTo(a).size()));
        assertThat(emailsPerAddress).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
        assertThat(nurture.collect(r -> leadIds.contains(r.key()) && r.value().contains("\"touch_sent\""),
                sent -> sent.size() >= LEADS, Duration.ofSeconds(30), Duration.ofSeconds(2))).hasSize(LEADS);

        List<Double> sentPerInstance = instances.stream().map(i -> PrometheusText.sum(i.get("/q/metrics").body(),
                "leadflow_nurture_sent_total{channel=\"email\"")).toList();
        System.out.println("Emails sent per instance: " + sentPerInstance);
        assertThat(sentPerInstance.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(LEADS);
    }

    static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
