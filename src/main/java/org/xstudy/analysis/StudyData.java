package org.xstudy.analysis;

import java.util.List;

/**
 * Everything one analysis needs about a study, loaded from anywhere.
 *
 * @param participants with their assigned condition where the design gives one (between subjects), else null
 * @param control the condition the study spec flags {@code "control": true}, or null
 */
public record StudyData(String studySlug, List<Participant> participants, List<Answer> answers,
                        ExclusionRules rules, List<Exclusion> manualExclusions,
                        List<FaithfulnessScore> faithfulness, String control) {
}
