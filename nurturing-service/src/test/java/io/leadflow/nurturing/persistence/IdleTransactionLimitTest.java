package io.leadflow.nurturing.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An instance frozen mid-transaction must not hold a lead's lock until it wakes, yet a touch is sent over SMTP inside
 * its transaction: every connection asks PostgreSQL to end a transaction idle longer than the mailer's time-out.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class IdleTransactionLimitTest {

    @Inject
    Pool pool;

    @Test
    void everyConnectionEndsATransactionLeftIdleLongerThanAnSmtpSend() {
        assertThat(pool.query("show idle_in_transaction_session_timeout").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getString(0)).isEqualTo("90s");
    }
}
