package io.leadflow.intake.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

class SpendFileTest {

    static final Set<String> SOURCES = Set.of("google_ads", "linkedin", "webinar");

    @Test
    void readsEachMonthsEntries() throws Exception {
        Map<YearMonth, List<SpendEntry>> months = SpendFile.parse(yaml("""
                2026-11:
                  - {source: google_ads, campaign: brand, amount: 4200.25, currency: EUR}
                2026-12: []
                """), SOURCES, "test");
        assertThat(months).containsOnlyKeys(YearMonth.of(2026, 11), YearMonth.of(2026, 12));
        assertThat(months.get(YearMonth.of(2026, 11))).containsExactly(
                new SpendEntry("google_ads", "brand", new BigDecimal("4200.25"), "EUR"));
        assertThat(months.get(YearMonth.of(2026, 12))).isEmpty();
    }

    @Test
    void anInvalidFileNamesEveryProblem() {
        assertThatThrownBy(() -> SpendFile.parse(yaml("""
                2026-11:
                  - {source: google_ads, campaign: brand, amount: -5, currency: EUR}
                  - {source: tiktok, campaign: brand, amount: 5, currency: XYZ}
                november: []
                """), SOURCES, "spend.yml"))
                .isInstanceOf(SpendFile.InvalidSpendFile.class)
                .hasMessageContaining("spend.yml")
                .hasMessageContaining("2026-11[0].amount must not be negative")
                .hasMessageContaining("2026-11[1].source is not a configured source")
                .hasMessageContaining("2026-11[1].currency is not an ISO 4217 currency")
                .hasMessageContaining("november is not a month");
    }

    @Test
    void monthsAreYearDashMonth() {
        assertThat(SpendValidator.month("2026-11")).contains(YearMonth.of(2026, 11));
        assertThat(SpendValidator.month("2026-13")).isEmpty();
        assertThat(SpendValidator.month("2026-1")).isEmpty();
        assertThat(SpendValidator.month("1999-12")).isEmpty();
        assertThat(SpendValidator.month(" 2026-11")).isEmpty();
    }

    static com.fasterxml.jackson.databind.JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory())
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(text);
    }
}
