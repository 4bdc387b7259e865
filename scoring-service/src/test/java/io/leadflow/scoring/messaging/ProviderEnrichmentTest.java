package io.leadflow.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.leadflow.events.FormType;
import io.leadflow.events.LeadReceived;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Topics;
import io.leadflow.scoring.FakeFirmographicsProvider;
import io.leadflow.scoring.TestLeads;
import io.leadflow.testsupport.PrometheusText;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
@QuarkusTestResource(value = FakeFirmographicsProvider.class, restrictToAnnotatedClass = true)
class ProviderEnrichmentTest {

    static LeadScored scored(String email) {
        LeadReceived lead = TestLeads.received(email, null, FormType.CONTACT);
        Topic.of(Topics.RECEIVED).publish(lead.leadId(), lead);
        return Topic.of(Topics.SCORED).awaitEvent(lead.leadId(), LeadScored.class, s -> true);
    }

    static double metric(String series) {
        return PrometheusText.sum(given().when().get("/q/metrics").then().statusCode(200).extract().asString(),
                series);
    }

    @Test
    void theProviderEnrichesWhatTheTableDoesNotKnowCachesItsAnswersAndIsLeftAloneWhenFailing() {
        LeadScored known = scored("eva@provider-known.io");
        assertThat(known.enrichment().source()).isEqualTo("provider");
        assertThat(known.enrichment().companyName()).isEqualTo("Known Co");
        assertThat(known.enrichment().industry()).isEqualTo("software");
        assertThat(known.enrichment().companyCountry()).isEqualTo("FR");
        assertThat(known.topContributions()).extracting(c -> c.rule()).contains("company.industry");
        // A second lead of the same company is enriched from the cache; so is a second unknown one.
        assertThat(scored("max@provider-known.io").enrichment().companyName()).isEqualTo("Known Co");
        assertThat(FakeFirmographicsProvider.requests("provider-known.io")).isEqualTo(1);
        assertThat(scored("a@provider-unknown.io").enrichment().source()).isEqualTo("none");
        assertThat(scored("b@provider-unknown.io").enrichment().source()).isEqualTo("none");
        assertThat(FakeFirmographicsProvider.requests("provider-unknown.io")).isEqualTo(1);
        // The demo table answers before the provider is asked.
        assertThat(scored("c@tailspin.io").enrichment().source()).isEqualTo("reference");
        assertThat(FakeFirmographicsProvider.requests("tailspin.io")).isZero();

        // A slow provider costs the lead its time-out, not its score; a failing one opens the circuit.
        assertThat(scored("d@provider-slow.io").enrichment().source()).isEqualTo("none");
        assertThat(metric("leadflow_enrichment_provider_errors_total{reason=\"timeout\"")).isEqualTo(1);
        assertThat(scored("e@provider-broken.io").enrichment().source()).isEqualTo("none");
        assertThat(FakeFirmographicsProvider.requests("provider-broken.io")).as("one retry").isEqualTo(2);
        scored("f@provider-broken.io");
        assertThat(metric("leadflow_enrichment_provider_errors_total{reason=\"error\"")).isEqualTo(2);
        assertThat(scored("g@provider-known-too.io").enrichment().source()).isEqualTo("none");
        assertThat(FakeFirmographicsProvider.requests("provider-known-too.io")).isZero();
        assertThat(metric("leadflow_enrichment_provider_errors_total{reason=\"circuit_open\"")).isEqualTo(1);
    }
}
