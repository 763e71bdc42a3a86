package org.xstudy.analysis.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.AnalysisReport;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.Exclusion;
import org.xstudy.analysis.ItemSubset;
import org.xstudy.analysis.SubsetParser;
import org.xstudy.analysis.Participant;
import org.xstudy.analysis.ParticipantStats;
import org.xstudy.analysis.StudyAnalyzer;
import org.xstudy.analysis.StudyData;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.ProblemException;
import org.xstudy.export.ExportRow;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.StudySpec;

/** Loads a researcher's study from PostgreSQL and analyses it with its stored exclusion decisions. */
@ApplicationScoped
public class AnalysisService {

    @Inject
    StudyService studies;

    @Inject
    ResponseRepository responses;

    @Inject
    ExclusionService exclusions;

    @Inject
    Event<AuditEvent> audit;

    /** The study if {@code who} may see it, else 404 (someone else's study is not revealed). */
    public Study owned(long id, Actor who) {
        return studies.visible(id, who).orElseThrow(() -> ProblemException.notFound("Study " + id));
    }

    /** The study if {@code who} may change it (exclusions); 404 if hidden, 403 for read-only access. */
    public Study editable(long id, Actor who) {
        return studies.writable(id, who);
    }

    /** Records an action on a study's data (exclusion changes, exports) in the audit log. */
    @Transactional
    public void audit(Actor who, String action, long studyId, String detail) {
        audit.fire(new AuditEvent(who, action, studyId, detail));
    }

    /**
     * The analysis of a study against the control {@code params} names, else the one its spec flags; a control
     * that is not one of the study's conditions is a 400 naming {@code /control}.
     */
    public AnalysisReport analyze(long studyId, Actor who, AnalysisParams params) {
        Study study = owned(studyId, who);
        StudySpec spec = studies.spec(study);
        if (params.control() != null && spec.condition(params.control()) == null) {
            throw ProblemException.badField("/control", "Not a condition of this study; its conditions are "
                    + String.join(", ", spec.conditions().stream().map(StudySpec.Condition::id).toList()) + ".");
        }
        Map<String, Map<String, Object>> covariates = new LinkedHashMap<>();
        spec.items().forEach(i -> covariates.put(i.id(), i.covariatesOrEmpty()));
        List<ItemSubset> subsets = params.subsets().stream().map(t -> SubsetParser.parse(t, covariates)).toList();
        List<Exclusion> decisions = exclusions.sync(study.id);
        List<Answer> answers = new ArrayList<>();
        try (Stream<ExportRow> rows = responses.rows(study.id, false, Map.of())) {
            rows.forEach(r -> answers.add(r.toAnswer()));
        }
        // between subjects a participant's group is their condition; within and with lists it is not one
        Map<String, String> groups = spec.design().type().equals("between") ? responses.groups(study.id) : Map.of();
        List<Participant> participants = responses.participantStats(study.id).stream()
                .map(s -> new Participant(s.id(), groups.get(s.id()), s.completed())).toList();
        StudyData data = new StudyData(study.slug, participants, answers, exclusions.rules(study.id), List.of(),
                responses.faithfulness(study.id), spec.control());
        return StudyAnalyzer.analyze(data, decisions, params, subsets);
    }

    /** Participants' exclusion statistics, for the exclusions page. */
    public List<ParticipantStats> stats(long studyId) {
        return responses.participantStats(studyId);
    }
}
