package io.leadflow.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RuleConditionsTest {

    final LeadFacts lead = new LeadFacts("FR", "fr", "website", "A", 60, "software", 300, "acme.fr");

    @Test
    void everyConditionGivenMustHoldAndCaseDoesNotMatter() {
        assertThat(new RuleConditions(List.of("fr"), List.of("250-999"), List.of("Software"), List.of("WEBSITE"),
                List.of("a"), 50, 80, List.of("FR")).matches(lead)).isTrue();
        assertThat(new RuleConditions(null, null, null, null, null, 61, null, null).matches(lead)).isFalse();
        assertThat(new RuleConditions(null, List.of("1000+"), null, null, null, null, null, null).matches(lead))
                .isFalse();
        assertThat(new RuleConditions(null, null, null, List.of("partner"), null, null, null, null).matches(lead))
                .isFalse();
    }

    @Test
    void noConditionsMatchEveryLeadAndAMissingValueMatchesNoList() {
        assertThat(RuleConditions.any().matches(lead)).isTrue();
        LeadFacts unknownIndustry = new LeadFacts("FR", "fr", "website", "A", 60, null, null, null);
        assertThat(new RuleConditions(null, null, List.of("software"), null, null, null, null, null)
                .matches(unknownIndustry)).isFalse();
        assertThat(unknownIndustry.employeeBand()).isEqualTo("unknown");
    }
}
