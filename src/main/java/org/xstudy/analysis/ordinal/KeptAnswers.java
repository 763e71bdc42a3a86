package org.xstudy.analysis.ordinal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.analysis.data.ResponseRepository;
import org.xstudy.common.Actor;
import org.xstudy.export.ExportRow;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.StudySpec;

/**
 * The answers the models fit: those of participants the study's exclusion rules and decisions keep, exactly the rows
 * of the long CSV export whose {@code excluded} column is FALSE, with the study's conditions in model order.
 */
@ApplicationScoped
public class KeptAnswers {

    @Inject
    AnalysisService analysis;

    @Inject
    StudyService studies;

    @Inject
    ResponseRepository responses;

    @Inject
    ExclusionService exclusions;

    /**
     * A study's kept answers.
     *
     * @param conditions the study's conditions, the control (if one is flagged) first: the models' reference level
     */
    public record StudyAnswers(Study study, List<Answer> answers, List<String> conditions, String control) {
    }

    /** The study's kept answers, if {@code who} may see the study (404 otherwise). */
    public StudyAnswers load(long studyId, Actor who) {
        Study study = analysis.owned(studyId, who);
        StudySpec spec = studies.spec(study);
        Map<String, String> reasons = exclusions.reasons(exclusions.sync(study.id));
        List<Answer> answers = new ArrayList<>();
        try (Stream<ExportRow> rows = responses.rows(study.id, false, reasons)) {
            rows.filter(r -> !r.excluded()).forEach(r -> answers.add(r.toAnswer()));
        }
        return new StudyAnswers(study, answers, conditionOrder(spec), spec.control());
    }

    static List<String> conditionOrder(StudySpec spec) {
        List<String> order = new ArrayList<>();
        if (spec.control() != null) {
            order.add(spec.control());
        }
        spec.conditions().stream().map(StudySpec.Condition::id).filter(c -> !order.contains(c)).forEach(order::add);
        return order;
    }
}
