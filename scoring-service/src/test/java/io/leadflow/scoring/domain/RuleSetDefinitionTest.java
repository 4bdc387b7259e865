package io.leadflow.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.leadflow.scoring.domain.RuleSetDefinition.InvalidRuleSetException;
import io.leadflow.scoring.domain.RuleSetDefinition.Violation;

class RuleSetDefinitionTest {

    static final String SHIPPED = RuleSetTest.resource("/scoring/rulesets/2026.11.3.yaml");

    @Test
    void theShippedRuleSetReads() {
        RuleSetDefinition definition = RuleSetDefinition.parse(SHIPPED);

        assertThat(definition.version()).isEqualTo("2026.11.3");
        assertThat(definition.engagement().get("email_opened").cap()).isEqualTo(20);
        assertThat(definition.qualification()).isNotEmpty();
    }

    @Test
    void aTypoInAKeyIsNamedNotIgnored() {
        assertThat(violations(SHIPPED.replace("engagementHalfLifeDays:", "engagementHalflifeDays:")))
                .extracting(Violation::message).anySatisfy(m -> assertThat(m).contains("engagementHalflifeDays"));
        assertThat(violations(SHIPPED.replace("  email_opened:", "  email_openned:")))
                .extracting(Violation::field).contains("engagement.email_openned");
        assertThat(violations(SHIPPED.replace("    director: 20", "    directeur: 20")))
                .extracting(Violation::field).contains("fit.seniority.directeur");
        // UNKNOWN is what a newer producer's value reads as, never a value to price.
        assertThat(violations(SHIPPED.replace("  newsletter: 10", "  unknown: 10")))
                .extracting(Violation::field).contains("forms.unknown");
        assertThat(violations(SHIPPED.replace("  email_opened:", "  unknown:")))
                .extracting(Violation::field).contains("engagement.unknown");
    }

    @Test
    void thresholdsGradesAndCapsMustMakeSense() {
        assertThat(violations(SHIPPED.replace("warm: 30", "warm: 90"))).extracting(Violation::field)
                .contains("thresholds.warm");
        assertThat(violations(SHIPPED.replace("  B: 25", "  B: 50"))).extracting(Violation::field)
                .contains("grades");
        assertThat(violations(SHIPPED.replace("{ points: 15, cap: 45 }", "{ points: 15, cap: -45 }")))
                .extracting(Violation::field).contains("engagement.email_clicked.cap");
        assertThat(violations(SHIPPED.replace("version: \"2026.11.3\"", "version: \"no spaces allowed\"")))
                .extracting(Violation::field).contains("version");
    }

    @Test
    void notYamlOrEmptyIsRefused() {
        assertThat(violations("")).extracting(Violation::message).containsExactly("the rule set is empty");
        assertThat(violations("thresholds: [unclosed")).hasSize(1);
        assertThat(violations("thresholds: { hot: many, warm: 30 }")).extracting(Violation::field)
                .contains("thresholds.hot");
    }

    static java.util.List<Violation> violations(String yaml) {
        try {
            RuleSetDefinition.parse(yaml);
        } catch (InvalidRuleSetException e) {
            return e.violations();
        }
        throw new AssertionError("the rule set was accepted");
    }

    @Test
    void violationsAreAllReportedAtOnce() {
        assertThatThrownBy(() -> RuleSetDefinition.parse(SHIPPED.replace("warm: 30", "warm: 90")
                .replace("  B: 25", "  B: 50")))
                .isInstanceOfSatisfying(InvalidRuleSetException.class, e -> assertThat(e.violations()).hasSize(2));
    }
}
