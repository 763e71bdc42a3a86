package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The words of participant error pages: each says what to do, and that the answers so far are saved. */
class ErrorPagesTest {

    @Test
    void eachErrorSaysWhatToDo() {
        String unavailable = String.join(" ", ErrorPages.page(503, "5").paragraphs());
        assertTrue(unavailable.contains("reload this page in 5 seconds") && unavailable.contains("saved"), unavailable);
        String crashed = String.join(" ", ErrorPages.page(500, null).paragraphs());
        assertTrue(crashed.contains("reload") && crashed.contains("saved"), crashed);
        String busy = String.join(" ", ErrorPages.page(429, "30").paragraphs());
        assertTrue(busy.contains("in 30 seconds"), busy);
    }
}
