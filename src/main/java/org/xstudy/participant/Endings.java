package org.xstudy.participant;

import java.util.List;
import org.xstudy.study.spec.StudySpec;

/**
 * The page a session ends on, one per way it can end, each with its own code in the wording Prolific uses for its
 * completion code types: completed (COMPLETED), screened out by the comprehension check (FIXED_SCREENOUT: submit
 * the code and be paid for the time, do not return), no consent (NO_CONSENT: return the study) and too many failed
 * attention checks (FAILED_ATTENTION_CHECK: submitted for the researchers' review). Where the study has a redirect
 * URL for the code ({@link StudySpec.Participants#redirect}), the participant is sent there at once.
 */
final class Endings {

    private Endings() {}

    static MessagePage of(StudySpec spec, StepEngine.Position position) {
        StudySpec.Participants p = spec.participants();
        return switch (position.finalStatus()) {
            case "completed" -> position.attentionFailures() >= p.attentionFailures() && p.failedAttentionCode() != null
                    ? coded(p, p.failedAttentionCode(), "Thank you for taking part",
                            "Some of your answers to the attention checks did not follow their instructions, so the "
                                    + "researchers will review your submission.",
                            "Please submit the code below on Prolific (or wherever you were asked to).")
                    : coded(p, p.completionCode(), "Thank you! You have completed the study.",
                            "Your answers have been saved.",
                            "Please submit the completion code below on Prolific (or wherever you were asked to).");
            case "screened_out" -> coded(p, p.screenOutCode(), "Thank you for your time",
                    "Unfortunately you cannot continue with this study, because the answers to the comprehension "
                            + "questions were not right.",
                    p.screenOutCode() == null
                            ? "Please return the study on Prolific (\u201cStop without completing\u201d)."
                            : "Please do not return the study: submit the code below on Prolific, so that you are "
                                    + "paid for your time.");
            default -> coded(p, p.noConsentCode(), "You have chosen not to take part",
                    "Nothing more will be recorded.",
                    p.noConsentCode() == null
                            ? "Please return the study on Prolific (\u201cStop without completing\u201d)."
                            : "Please submit the code below on Prolific; it will ask you to return the study, so "
                                    + "that your place goes to someone else.");
        };
    }

    private static MessagePage coded(StudySpec.Participants p, String code, String title, String... paragraphs) {
        return new MessagePage(title, List.of(paragraphs), code, p.redirect(code), null, false);
    }
}
