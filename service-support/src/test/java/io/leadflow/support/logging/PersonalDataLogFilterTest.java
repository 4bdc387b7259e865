package io.leadflow.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class PersonalDataLogFilterTest {

    final PersonalDataLogFilter filter = new PersonalDataLogFilter();

    @Test
    void masksEmailAddressesInTheFormattedMessage() {
        ExtLogRecord record = record("%s dead-letters a record: %s", "scoring",
                "Unrecognized token 'Ada.Lovelace+leads@mail.example.co.uk': was expecting JSON");

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage())
                .isEqualTo("scoring dead-letters a record: Unrecognized token '<email>': was expecting JSON");
    }

    @Test
    void masksPhoneNumbersAsPeopleWriteThem() {
        for (String phone : new String[] { "+33 6 12 34 56 78", "+33612345678", "06 12 34 56 78", "0612345678",
                "(415) 555-0132", "+1-415-555-0132", "030.1234.5678" }) {
            assertThat(PersonalDataLogFilter.mask("call " + phone + " now")).as(phone).isEqualTo("call <phone> now");
        }
    }

    @Test
    void leavesIdsTimesAndCountsAlone() {
        String id = UUID.randomUUID().toString();
        String line = "lead " + id + " at 2026-11-27T04:03:31.123Z (2026-11-27 04:03:31), offset 1732680000000, "
                + "took 250 ms, 12 events, version 3.33.2, port 8083, 20261127";
        assertThat(PersonalDataLogFilter.mask(line)).isEqualTo(line);
        assertThat(PersonalDataLogFilter.mask("lead 12345678-1234-1234-1234-123456789012 assigned"))
                .isEqualTo("lead 12345678-1234-1234-1234-123456789012 assigned");
    }

    @Test
    void masksTheMessagesOfTheExceptionChainKeepingClassesAndStack() {
        IllegalStateException cause = new IllegalStateException("550 <bob@example.com> mailbox unavailable");
        RuntimeException thrown = new RuntimeException("sending to +44 20 7946 0958 failed", cause);
        ExtLogRecord record = record("Touch %s could not be handled", "42");
        record.setThrown(thrown);

        filter.isLoggable(record);

        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).contains("java.lang.RuntimeException: sending to <phone> failed")
                .contains("Caused by: java.lang.IllegalStateException: 550 <<email>> mailbox unavailable")
                .contains(getClass().getName()).doesNotContain("bob@example.com").doesNotContain("7946");
        assertThat(thrown.getMessage()).as("the original is left as it was").contains("+44 20 7946 0958");
    }

    @Test
    void aMessageWithoutPersonalDataIsLeftAsItWas() {
        ExtLogRecord record = record("Retention purge removed %s", "{processed_events=3}");

        filter.isLoggable(record);

        assertThat(record.getFormattedMessage()).isEqualTo("Retention purge removed {processed_events=3}");
    }

    static ExtLogRecord record(String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF,
                PersonalDataLogFilterTest.class.getName());
        record.setParameters(parameters);
        return record;
    }
}
