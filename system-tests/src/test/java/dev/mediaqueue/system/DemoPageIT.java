package dev.mediaqueue.system;

import dev.mediaqueue.testing.RabbitBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo page in a real browser against the gateway and a worker as separate processes: start a job
 * from the form, watch its bar reach 100 % and its preview appear; cancel a job waiting in the queue.
 * Saves what the page showed to {@code target/screenshots/}.
 */
class DemoPageIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path results;

    @TempDir
    Path profile;

    private static RabbitBroker broker;
    private static AppProcess gateway;
    private static AppProcess worker;
    private static GatewayClient client;

    private WebDriver browser;

    @BeforeAll
    static void startSystem() {
        broker = RabbitBroker.create();
        List<String> args = new ArrayList<>(broker.commandLineArguments());
        args.add("--mediaqueue.results.dir=" + results.toAbsolutePath());
        gateway = AppProcess.gateway("gateway", args).awaitReady(Duration.ofSeconds(180));
        List<String> workerArgs = new ArrayList<>(args);
        workerArgs.add("--mediaqueue.worker.demo.duration=2s");
        worker = AppProcess.worker("worker", workerArgs).awaitReady(Duration.ofSeconds(180));
        client = new GatewayClient(gateway.baseUrl());
    }

    @AfterAll
    static void stopSystem() {
        Stream.of(worker, gateway).filter(p -> p != null).forEach(AppProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void openPage() {
        browser = Browser.start(profile);
        browser.get(gateway.baseUrl() + "/");
        await("the page's script").atMost(Duration.ofSeconds(30))
                .until(() -> !browser.findElements(By.cssSelector("#start:not([disabled])")).isEmpty());
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aJobStartedOnThePageFillsTheBarAndShowsItsPreview() {
        new Select(browser.findElement(By.id("media-type"))).selectByValue("image");
        browser.findElement(By.id("prompt")).sendKeys("A red Bauhaus house at dusk, soft light");
        browser.findElement(By.id("start")).click();

        WebElement card = browser.findElement(By.id("job-card"));
        await("a job on the card").atMost(Duration.ofSeconds(15)).until(() -> !card.getAttribute("data-job-id").isEmpty());
        List<Integer> progress = new ArrayList<>();
        await("the job completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            progress.add(Integer.parseInt(browser.findElement(By.id("progress-bar")).getAttribute("aria-valuenow")));
            return "completed".equals(card.getAttribute("data-status"));
        });
        assertThat(browser.findElement(By.id("progress-bar")).getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(browser.findElement(By.id("progress-text")).getText()).isEqualTo("100%");
        assertThat(progress).as("the bar only moves forward").isSorted();
        assertThat(progress).as("the bar showed the job in between").anyMatch(p -> p > 0 && p < 100);

        WebElement preview = await("the preview").atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("#preview img")), images -> !images.isEmpty()).get(0);
        await("the preview loaded").atMost(Duration.ofSeconds(10)).until(() -> naturalWidth(preview) > 0);
        assertThat(preview.getAttribute("src")).contains("/exports/");
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();

        Browser.screenshot(browser, SCREENSHOTS.resolve("demo-page.png"));
    }

    @Test
    void aQueuedJobCancelledOnThePageShowsCancelledAndNeverRuns() {
        // a long job of the same type keeps the worker busy, so the page's job waits in the queue
        client.startAccepted("""
                {"media_type":"video","config_id":"demo","user_input":"blocker","params":{"duration_ms":30000}}""");
        new Select(browser.findElement(By.id("media-type"))).selectByValue("video");
        browser.findElement(By.id("prompt")).sendKeys("A drone flight over a forest");
        browser.findElement(By.id("start")).click();
        WebElement card = browser.findElement(By.id("job-card"));
        await("the job waits in the queue").atMost(Duration.ofSeconds(15))
                .until(() -> "queued".equals(card.getAttribute("data-status")));
        await("its queue position").atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("queue-position")).isDisplayed());

        browser.findElement(By.id("cancel")).click();

        await("the job cancelled").atMost(Duration.ofSeconds(15)).until(() -> "cancelled".equals(card.getAttribute("data-status")));
        String jobId = card.getAttribute("data-job-id");
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        assertThat(client.statusOf(jobId).get("status").asString()).isEqualTo("cancelled");
        assertThat(client.statusOf(jobId).get("started_at").isNull()).as("never ran").isTrue();
        Browser.screenshot(browser, SCREENSHOTS.resolve("demo-page-cancelled.png"));
    }

    private long naturalWidth(WebElement image) {
        Object width = ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth;", image);
        return width instanceof Number n ? n.longValue() : 0;
    }
}
