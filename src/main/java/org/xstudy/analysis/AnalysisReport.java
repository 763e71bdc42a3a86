package org.xstudy.analysis;

import java.util.List;

/**
 * The analysis of a study, reported twice: over all participants and after exclusions, with every parameter
 * and seed needed to reproduce it.
 *
 * @param control the condition every other is compared with, or null when the study flags none
 * @param baseline which condition is the control and who said so (or that there is none), in a sentence
 */
public record AnalysisReport(String study, String generatedAt, AnalysisParams params, String control,
                             String baseline, ExclusionRules rules, List<Exclusion> exclusions, AnalysisResult withoutExclusions,
                             AnalysisResult withExclusions) {
}
