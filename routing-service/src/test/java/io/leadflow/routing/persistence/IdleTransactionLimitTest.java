package io.leadflow.routing.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * An instance frozen mid-transaction (the fault suite's SIGSTOP) held its locks until it woke, and the instance that
 * took its partitions over waited on them. PostgreSQL now ends a transaction routing leaves idle.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class IdleTransactionLimitTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void aTransactionLeftIdleLosesItsLocksWithinTheLimit() {
        SqlConnection silent = pool.getConnection().await().atMost(WAIT);
        Transaction transaction = silent.begin().await().atMost(WAIT);
        silent.query("select pg_advisory_xact_lock(7, 4242)").execute().await().atMost(WAIT);
        // The holder goes silent, as a frozen JVM does; another session gets the lock once PostgreSQL ends it.
        Awaitility.await("the idle transaction's lock released").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(1)).until(() -> pool.withTransaction(other -> other
                        .query("select pg_try_advisory_xact_lock(7, 4242)").execute()
                        .map(rows -> rows.iterator().next().getBoolean(0))).await().atMost(WAIT));
        assertThat(pool.query("show idle_in_transaction_session_timeout").execute().await().atMost(WAIT)
                .iterator().next().getString(0)).isEqualTo("20s");
        transaction.rollback().onFailure().recoverWithNull().await().atMost(WAIT);
        silent.close().onFailure().recoverWithNull().await().atMost(WAIT);
    }
}
