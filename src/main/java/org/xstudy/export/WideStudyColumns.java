package org.xstudy.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.study.spec.StudySpec;

/**
 * The wide CSV's columns that depend on the study: when participants see more than one condition (within-subject,
 * lists and trial-sequence designs), accuracy and mean ratings per condition, computed per trial from the
 * condition each answer was given under; and for every numeric or true/false item covariate, its mean over the
 * items of the participant's simulation answers ({@code cov_<name>_mean}).
 */
final class WideStudyColumns {

    private WideStudyColumns() {
    }

    static List<Column<ParticipantSummary>> of(StudySpec spec, List<String> ratingScales) {
        List<Column<ParticipantSummary>> out = new ArrayList<>();
        if (!"between".equals(spec.design().type()) && spec.conditions().size() > 1) {
            Set<String> kinds = new LinkedHashSet<>();
            spec.phases().forEach(p -> {
                if (p.type().equals("forward") || p.type().equals("counterfactual")) {
                    kinds.add(p.type());
                }
            });
            for (StudySpec.Condition c : spec.conditions()) {
                String key = c.id();
                for (String kind : kinds) {
                    String k = ParticipantSummary.byCondition(kind, key);
                    out.add(new Column<>(Column.safeName(kind + "_answers_" + key), "integer",
                            "Number of " + kind + " simulation answers given under condition '" + key + "'.",
                            "≥ 0, or NA", s -> s.answersOf(k)));
                    out.add(new Column<>(Column.safeName(kind + "_accuracy_" + key), "number",
                            "Share of " + kind + " simulation answers under condition '" + key
                                    + "' equal to the model output.", "0 to 1, or NA", s -> s.accuracyOf(k)));
                }
                for (String scale : ratingScales) {
                    String k = ParticipantSummary.byCondition(scale, key);
                    out.add(new Column<>(Column.safeName("rating_" + scale + "_mean_" + key), "number",
                            "Mean rating on the " + scale + " scale under condition '" + key + "'.",
                            "1 to the scale's points, or NA", s -> s.ratingMean(k)));
                }
            }
        }
        Map<String, Map<String, Object>> byItem = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (StudySpec.Item item : spec.items()) {
            byItem.put(item.id(), item.covariatesOrEmpty());
            item.covariatesOrEmpty().forEach((name, v) -> {
                if (v instanceof Number || v instanceof Boolean) {
                    names.add(name);
                }
            });
        }
        for (String name : names) {
            out.add(new Column<>(Column.safeName("cov_" + name + "_mean"), "number",
                    "Mean of item covariate '" + name + "' over the items of the participant's simulation answers "
                            + "(true = 1, false = 0; items without it as a number or true/false are left out).",
                    "any number, or NA", s -> s.covariateMean(byItem, name)));
        }
        return out;
    }
}
