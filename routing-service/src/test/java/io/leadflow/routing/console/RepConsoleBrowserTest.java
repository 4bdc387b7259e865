package io.leadflow.routing.console;

import static io.leadflow.routing.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Channel;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.LeadScored;
import io.leadflow.events.NurtureStatus;
import io.leadflow.events.Topics;
import io.leadflow.routing.testing.Api;
import io.leadflow.routing.testing.HeadlessChromium;
import io.leadflow.routing.testing.MovableClock;
import io.leadflow.routing.testing.RoutingFixture;
import io.leadflow.support.security.Roles;
import io.leadflow.testsupport.RealKafkaAndPostgres;
import io.leadflow.testsupport.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The rep console ({@code /console/}) in a real headless Chromium against the running service: sign-in with a rep's
 * token, leads arriving live with their countdown, accept, decline, outcomes, tasks, presence, a manager's escalations
 * and a lead that moves on when its time is up. Skipped, loudly, where Chromium is not installed (failed under CI).
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaAndPostgres.class)
class RepConsoleBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MovableClock clock;

    ChromeDriver browser;

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            try {
                assertThat(HeadlessChromium.policyViolations(browser)).as("refused by the page's CSP").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void aRepAcceptsDeclinesAndRecordsOutcomesFromTheConsole() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Dana Console", 10);
        UUID colleague = fixture.rep("Eli Colleague", 10);
        fixture.rule("weighted_round_robin");
        String account = ownedAccount(rep);
        signIn(Api.repToken(rep));
        assertThat(text(By.id("rep-name"))).isEqualTo("Dana Console");

        // A hot lead appears live with its countdown, which ticks, far from red with two minutes to go.
        LeadScored first = publishHotLead(fixture, account);
        WebElement card = await(pendingCard(first.leadId()));
        String accepted = card.getAttribute("data-assignment-id");
        assertThat(card.getText()).contains("Claire Martin", "Acme SAS", "Directrice commerciale", "+33612345678");
        WebElement countdown = card.findElement(By.className("countdown"));
        String shown = countdown.getText();
        assertThat(shown).matches("[12]:\\d\\d");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !countdown.getText().equals(shown));
        assertThat(countdown.getAttribute("class")).doesNotContain("urgent");

        card.findElement(By.className("accept")).click();
        WebElement mine = await(acceptedCard(accepted));
        awaitGone(pendingCard(first.leadId()));
        given().when().get("/api/v1/assignments/{id}", accepted).then().statusCode(200)
                .body("status", equalTo("accepted")).body("repId", equalTo(rep.toString()))
                .body("acceptedAt", notNullValue());
        Topic.of(Topics.ASSIGNED).awaitEvent(first.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.ACCEPTED);

        // Nurturing's call task for that lead reaches the console's task list.
        Topic.of(Topics.NURTURE).publish(first.leadId(), new LeadNurture(first.leadId(), UUID.randomUUID(),
                "warm-b2b", NurtureStatus.TASK_CREATED, 3, Channel.CALL_TASK, clock.instant().plusSeconds(3600),
                "call-after-webinar", clock.instant(), clock.instant()));
        By task = By.cssSelector("#tasks li[data-lead-id='" + first.leadId() + "']");
        Awaitility.await().atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElement(task).getText(), taskText -> taskText.contains("Claire Martin"));
        assertThat(browser.findElement(task).getText()).contains("Call", "+33612345678");

        // Outcomes: contacted, then disqualified, which needs a reason and closes the lead.
        mine.findElement(By.cssSelector("button[data-outcome='contacted']")).click();
        Awaitility.await().atMost(WAIT).until(() -> "contacted".equals(mine.getAttribute("data-outcome")));
        given().when().get("/api/v1/assignments/{id}", accepted).then().body("outcome", equalTo("contacted"));
        mine.findElement(By.cssSelector("button[data-outcome='disqualified']")).click();
        assertThat(await(By.cssSelector("#accepted li[data-assignment-id='" + accepted + "'] .card-error")).getText())
                .contains("Say why");
        mine.findElement(By.className("outcome-reason")).sendKeys("No budget before 2028");
        mine.findElement(By.cssSelector("button[data-outcome='disqualified']")).click();
        awaitGone(acceptedCard(accepted));
        given().when().get("/api/v1/assignments/{id}", accepted).then()
                .body("outcome", equalTo("disqualified")).body("outcomeReason", equalTo("No budget before 2028"))
                .body("closedAt", notNullValue());

        // Another lead: declined with a reason, it goes to the colleague.
        LeadScored second = publishHotLead(fixture, account);
        WebElement secondCard = await(pendingCard(second.leadId()));
        String declined = secondCard.getAttribute("data-assignment-id");
        secondCard.findElement(By.className("decline")).click();
        secondCard.findElement(By.className("decline-reason")).sendKeys("Not my territory");
        secondCard.findElement(By.className("confirm-decline")).click();
        awaitGone(pendingCard(second.leadId()));
        given().when().get("/api/v1/assignments/{id}", declined).then()
                .body("status", equalTo("declined")).body("closedReason", equalTo("Not my territory"));
        LeadAssignment moved = Topic.of(Topics.ASSIGNED).awaitEvent(second.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.REASSIGNED);
        assertThat(moved.repId()).isEqualTo(colleague);
        assertThat(moved.previousRepId()).isEqualTo(rep);
    }

    @Test
    void theCountdownTurnsRedUnderThirtySecondsAndTheCardGoesWhenTheLeadMovesOn() {
        RoutingFixture fixture = new RoutingFixture().team("PT33S", null);
        UUID rep = fixture.rep("Fay Slow", 10);
        UUID colleague = fixture.rep("Gil Quick", 10);
        fixture.rule("weighted_round_robin");
        String account = ownedAccount(rep);
        signIn(Api.repToken(rep));

        LeadScored lead = publishHotLead(fixture, account);
        WebElement card = await(pendingCard(lead.leadId()));
        String assignment = card.getAttribute("data-assignment-id");
        WebElement countdown = card.findElement(By.className("countdown"));
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> countdown.getAttribute("class").contains("urgent"));
        assertThat(countdown.getText()).matches("0:[0-2]\\d");
        assertThat(countdown.getCssValue("color")).isEqualTo("rgba(198, 40, 40, 1)"); // the stylesheet is allowed

        // A reload signs in again from this tab's session, and the socket's replay brings the card back.
        browser.navigate().refresh();
        awaitLive();
        await(pendingCard(lead.leadId()));

        // Time is up: the service moves the lead on, tells the console, and the card goes away.
        clock.advance(Duration.ofSeconds(40));
        awaitGone(pendingCard(lead.leadId()));
        assertThat(await(By.id("notice")).getText()).contains("moved to another rep", "not accepted in time");
        given().when().get("/api/v1/assignments/{id}", assignment).then().body("status", equalTo("reassigned"));
        assertThat(Topic.of(Topics.ASSIGNED).awaitEvent(lead.leadId(), LeadAssignment.class,
                a -> a.status() == AssignmentStatus.REASSIGNED).repId()).isEqualTo(colleague);
    }

    @Test
    void anAwayManagerSeesTheQueuedLeadEscalatedAndGetsItWhenBackOnline() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID manager = fixture.rep("Hana Manager", 10);
        fixture.team(null, manager).rule("least_loaded");
        signIn(Api.repToken(manager));
        await(By.id("escalations-panel"));

        new Select(browser.findElement(By.id("presence"))).selectByValue("away");
        Awaitility.await().atMost(WAIT).until(() -> "away".equals(presenceOf(manager)));

        // Nobody in the team can take it: it waits in the queue, and the manager hears of it.
        LeadScored lead = publishHotLead(fixture, "queued-" + UUID.randomUUID() + ".fr");
        assertThat(await(By.cssSelector("#escalations li[data-lead-id='" + lead.leadId() + "']")).getText())
                .contains("Claire Martin", "Waiting in the queue");
        assertThat(browser.findElements(pendingCard(lead.leadId()))).isEmpty();

        new Select(browser.findElement(By.id("presence"))).selectByValue("online");
        await(pendingCard(lead.leadId()));
        assertThat(presenceOf(manager)).isEqualTo("online");
    }

    @Test
    void anExpiredTokenIsSentBackToSignInWithAClearMessage() {
        UUID rep = new RoutingFixture().team(null, null).rep("Ivo Expired", 5);
        String expired = Api.TOKENS.issue(rep.toString(), List.of(Roles.REP), Instant.now().minusSeconds(7200),
                Duration.ofHours(1));
        browser = HeadlessChromium.start();
        browser.get(consoleUrl());
        browser.findElement(By.id("token")).sendKeys(expired);
        browser.findElement(By.id("sign-in-button")).click();

        assertThat(await(By.id("sign-in-error")).getText()).contains("expired");
        assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('leadflow.console.token')")).isNull();
    }

    @Test
    void theBrowserEnforcesThePagesPolicyAndTheTestsWouldSeeARefusal() {
        browser = HeadlessChromium.start();
        browser.get(consoleUrl());
        await(By.id("token"));
        ((JavascriptExecutor) browser).executeScript("const style = document.createElement('style');"
                + "style.textContent = 'body { color: red; }'; document.head.appendChild(style);");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> HeadlessChromium.policyViolations(browser), refused -> !refused.isEmpty());
    }

    @Test
    void theConsoleIsServedWithHeadersThatKeepItToItself() {
        for (String path : List.of("/console/", "/console/console.js", "/console/console.css")) {
            RestAssured.given().when().get(path).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        }
        RestAssured.given().redirects().follow(false).when().get("/console").then().statusCode(302)
                .header("Location", containsString("/console/"));
        // The API keeps its own headers: the console's policy is scoped to the console.
        assertThat(RestAssured.given().when().get("/q/health/live").header("Content-Security-Policy")).isNull();
    }

    @Test
    void meNamesTheRepOfTheTokenAndTheTeamsTheyManage() {
        RoutingFixture fixture = new RoutingFixture().team(null, null);
        UUID rep = fixture.rep("Jo Lead", 5);
        fixture.team(null, rep);
        RestAssured.given().auth().oauth2(Api.repToken(rep)).when().get("/api/v1/me").then().statusCode(200)
                .body("repId", equalTo(rep.toString())).body("name", equalTo("Jo Lead"))
                .body("team", equalTo(fixture.team)).body("roles", equalTo(List.of("rep")))
                .body("managerOf", equalTo(List.of(fixture.team))).body("serverTime", notNullValue());
        RestAssured.given().auth().oauth2(Api.ADMIN).when().get("/api/v1/me").then().statusCode(200)
                .body("repId", equalTo(null)).body("roles", hasItem("admin"));
        RestAssured.given().when().get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json");
    }

    // ---- helpers ----

    String consoleUrl() {
        return "http://localhost:" + RestAssured.port + "/console/";
    }

    void signIn(String token) {
        browser = HeadlessChromium.start();
        browser.get(consoleUrl());
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
        awaitLive();
    }

    void awaitLive() {
        Awaitility.await().atMost(WAIT).ignoreExceptions()
                .until(() -> "live".equals(browser.findElement(By.id("connection")).getAttribute("data-state")));
    }

    /** An account owned by the rep: its hot leads go to them first, so the test knows whose console shows them. */
    static String ownedAccount(UUID rep) {
        String domain = "console-" + UUID.randomUUID().toString().substring(0, 8) + ".fr";
        given().contentType(ContentType.JSON).body(EventJson.write(Map.of("ownerRepId", rep)))
                .when().put("/api/v1/admin/accounts/{domain}", domain)
                .then().statusCode(200);
        return domain;
    }

    LeadScored publishHotLead(RoutingFixture fixture, String domain) {
        LeadScored lead = fixture.hotLead(clock.instant(), domain);
        Topic.of(Topics.SCORED).publish(lead.leadId(), lead);
        return lead;
    }

    static String presenceOf(UUID rep) {
        return given().when().get("/api/v1/reps").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == '" + rep + "' }.presence");
    }

    static By pendingCard(UUID leadId) {
        return By.cssSelector("#pending li[data-lead-id='" + leadId + "']");
    }

    static By acceptedCard(String assignmentId) {
        return By.cssSelector("#accepted li[data-assignment-id='" + assignmentId + "']");
    }

    String text(By by) {
        return await(by).getText();
    }

    /** The first displayed element found, waiting for it with a bound. */
    WebElement await(By by) {
        return Awaitility.await().atMost(WAIT).ignoreExceptions()
                .until(() -> browser.findElements(by).stream().filter(WebElement::isDisplayed).findFirst()
                        .orElse(null), element -> element != null);
    }

    void awaitGone(By by) {
        Awaitility.await().atMost(WAIT).until(() -> browser.findElements(by).isEmpty());
    }
}
