package org.xstudy.prolific;

import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * Prolific refused a request or could not be reached: answered to our client as 502 (or 401 for a token Prolific
 * does not accept) with Prolific's own words. {@link #upstreamStatus} is Prolific's status, 0 when no answer came
 * (the request may or may not have taken effect).
 */
public class ProlificFailure extends ProblemException {

    private final int upstreamStatus;

    ProlificFailure(int upstreamStatus, String detail) {
        super(Problem.of(upstreamStatus == 401 ? 400 : 502, upstreamStatus == 401 ? "Invalid request" : "Bad gateway",
                upstreamStatus == 0 ? "Prolific could not be reached: " + detail
                        : "Prolific answered " + upstreamStatus + ": " + detail));
        this.upstreamStatus = upstreamStatus;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** No answer came: the request may have taken effect on Prolific. */
    public boolean unanswered() {
        return upstreamStatus == 0;
    }
}
