package org.xstudy.console.wizard;

import java.net.URI;
import org.xstudy.study.spec.StudySpec;

/** The wizard's participant settings: a cap on participants and the completion URL they are sent to. */
final class WizardParticipants {

    /** The largest participant cap the spec accepts. */
    static final int MAX = 1_000_000;

    private WizardParticipants() {}

    /** Records an error for a cap that is not a whole number in [1, MAX] and a URL that is not https. */
    static void check(WizardForm f) {
        if (!f.maxParticipants.isEmpty()) {
            f.integer("maxParticipants", f.maxParticipants, 1, MAX);
        }
        if (!f.completionUrl.isEmpty() && !isHttpsUrl(f.completionUrl)) {
            f.error("completionUrl", "Give an https:// address of at most 2,000 characters without spaces or quotes, "
                    + "e.g. https://app.prolific.com/submissions/complete?cc={code}.");
        }
    }

    /** The spec's participants block from a checked form; none when both fields are empty (codes are generated). */
    static StudySpec.Participants of(WizardForm f) {
        if (f.maxParticipants.isEmpty() && f.completionUrl.isEmpty()) {
            return null;
        }
        return new StudySpec.Participants(f.maxParticipants.isEmpty() ? null : Integer.valueOf(f.maxParticipants),
                null, null, null, null, null, null, null, null, f.completionUrl.isEmpty() ? null : f.completionUrl, null);
    }

    /** An https URL with a host, as the spec's completionUrl accepts it ({code} stands for the code). */
    static boolean isHttpsUrl(String s) {
        if (s.length() > 2_000 || !s.matches("https://[^\\s\"'<>]+")) {
            return false;
        }
        try {
            String host = URI.create(s.replace("{code}", "CODE")).getHost();
            return host != null && !host.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
