package io.leadflow.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Topics;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No email address reaches the log (SECURITY.md): a poison record quoting one is dead-lettered and logged without
 * it, and whatever names one anyway is masked by the filter the console is configured with. Lines are captured by a
 * handler on the root logger that applies the console handler's own filter, so they are what the console prints.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class PersonalDataInLogsTest {

    final List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture;

    @BeforeEach
    void captureWhatTheConsolePrints() {
        Filter console = consoleFilter();
        capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (console.isLoggable(record)) {
                    lines.add(print(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aPoisonRecordQuotingAnEmailIsLoggedWithoutIt() {
        String local = "ada.lovelace-" + UUID.randomUUID();
        String email = local + "@example.com";
        String key = UUID.randomUUID().toString();

        Topic.of(Topics.RECEIVED).publishRaw(key, "{\"leadId\":\"" + email + "\",\"lead\":{\"contact\":{\"email\":\""
                + email + "\",\"phone\":\"+33 6 12 34 56 78\"}}}", UUID.randomUUID().toString(), "lead.received.v1");

        Topic.of(Topics.deadLetter(Topics.RECEIVED)).await(r -> key.equals(r.key()));
        Awaitility.await("the dead-letter warning").atMost(Duration.ofSeconds(30))
                .until(() -> lines.stream().anyMatch(line -> line.contains("dead-letters a record")
                        && line.contains("/leadId")));
        assertThat(lines).noneMatch(line -> line.contains(local)).noneMatch(line -> line.contains("12 34 56 78"));
    }

    @Test
    void theConsoleMasksAnEmailOrPhoneThatIsLoggedAnyway() {
        String email = "grace-" + UUID.randomUUID() + "@example.com";

        org.jboss.logging.Logger.getLogger(PersonalDataInLogsTest.class)
                .warnf("Could not deliver to %s (%s)", email, "+1 415 555 0132");

        assertThat(lines).contains("Could not deliver to <email> (<phone>)").noneMatch(line -> line.contains(email));
    }

    static Filter consoleFilter() {
        Deque<Handler> handlers = new ArrayDeque<>(List.of(Logger.getLogger("").getHandlers()));
        while (!handlers.isEmpty()) {
            Handler handler = handlers.pop();
            if (handler.getClass().getSimpleName().contains("Console")) {
                assertThat(handler.getFilter()).as("the console's filter").isNotNull();
                return handler.getFilter();
            }
            if (handler instanceof ExtHandler) {
                handlers.addAll(List.of(((ExtHandler) handler).getHandlers()));
            }
        }
        throw new AssertionError("no console handler under the root logger");
    }

    static String print(LogRecord record) {
        String message = record instanceof ExtLogRecord ? ((ExtLogRecord) record).getFormattedMessage()
                : record.getMessage();
        if (record.getThrown() == null) {
            return message;
        }
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        return message + "\n" + trace;
    }
}
