package org.xstudy.acceptance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What a browser test checks on every page it visits: no Content-Security-Policy violation and no console error
 * (read from Chromium's console log), and, at a phone's width, no horizontal scrolling.
 */
public final class PageChecks {

    private final ChromeDriver driver;
    private final List<String> problems = new ArrayList<>();
    private int pages;
    private boolean narrow;

    public PageChecks(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Emulates a phone 390 CSS pixels wide (an iPhone 12-15) from now on. */
    public void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        narrow = true;
    }

    /** Checks the page now shown; {@code what} names it in the failure message. */
    public void page(String what) {
        pages++;
        console(what);
        if (narrow) {
            Object[] widths = ((List<?>) driver.executeScript("return [document.documentElement.scrollWidth, "
                    + "document.documentElement.clientWidth]")).toArray();
            long scroll = ((Number) widths[0]).longValue();
            long client = ((Number) widths[1]).longValue();
            if (scroll > client) {
                problems.add(what + " (" + driver.getCurrentUrl() + "): " + scroll + " px wide at a " + client
                        + " px viewport, so it scrolls sideways");
            }
        }
    }

    /** Reads the console log since the last call: CSP violations and errors are problems. */
    public void console(String what) {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() || m.contains("Content Security Policy")
                    || m.contains("Refused to")) {
                problems.add(what + ": " + m);
            }
        }
    }

    public int pages() {
        return pages;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
