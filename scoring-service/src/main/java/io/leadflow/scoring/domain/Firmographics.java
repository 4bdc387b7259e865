package io.leadflow.scoring.domain;

import java.time.LocalDate;

/** What scoring knows of a company, from its reference table or the external provider ({@code source}). */
public record Firmographics(
        String domain,
        String name,
        String industry,
        Integer employees,
        Long annualRevenue,
        String country,
        String fundingStage,
        LocalDate fundedOn,
        boolean recentNews,
        String source) {
}
