package dev.mediaqueue.system;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headless Chromium from Debian's {@code chromium} package, driven through the {@code chromedriver}
 * of {@code chromium-driver}. Both are named explicitly, so Selenium Manager never downloads anything.
 */
final class Browser {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private Browser() {
    }

    /** A headless browser with a profile in {@code profile}; fails with the install command when Chromium is missing. */
    static WebDriver start(Path profile) {
        Path chromium = Executables.find("chromium").orElseThrow(() -> new IllegalStateException(
                "The browser test needs Debian's chromium on the PATH; install it with: " + INSTALL));
        Path driver = Executables.find("chromedriver").orElseThrow(() -> new IllegalStateException(
                "The browser test needs chromedriver (Debian's chromium-driver) on the PATH; install it with: " + INSTALL));
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver.toString());
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as a PNG and returns its path. */
    static Path screenshot(WebDriver browser, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
