package io.leadflow.routing.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The system's Chromium (Debian's {@code chromium} and {@code chromium-driver} packages), headless, driven by Selenium
 * through the system's chromedriver: nothing is downloaded. Where they are missing a test is skipped, loudly, or fails
 * under {@code CI=true} (where {@code ./leadflow test} installs them). {@code LEADFLOW_CHROMIUM} and
 * {@code LEADFLOW_CHROMEDRIVER} point elsewhere.
 */
public final class HeadlessChromium {

    static final Path BROWSER = Path.of(env("LEADFLOW_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(env("LEADFLOW_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /** A new headless browser; the caller quits it. */
    public static ChromeDriver start() {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // Root in a container: no sandbox, /tmp instead of a small /dev/shm, no GPU; nothing phoning home.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        // The page's console messages, so a test can tell that the Content-Security-Policy refused nothing.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** What the page logged that the browser's Content-Security-Policy refused (an inline script, a foreign host). */
    public static List<String> policyViolations(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    static void requireInstalled() {
        String missing = !Files.isExecutable(BROWSER) ? BROWSER.toString()
                : !Files.isExecutable(DRIVER) ? DRIVER.toString() : null;
        if (missing == null) {
            return;
        }
        String message = "Chromium is not installed (" + missing + " is missing), so the rep console's browser test "
                + "cannot run. Install it with: apt-get install -y chromium chromium-driver";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: a missing browser fails the build)");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
