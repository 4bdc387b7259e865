package io.leadflow.intake.spend;

import java.math.BigDecimal;

/** What marketing spent on one source and campaign in a month, in one currency. */
public record SpendEntry(String source, String campaign, BigDecimal amount, String currency) {
}
