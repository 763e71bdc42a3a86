package org.xstudy.analysis.mixed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.Exclusions;
import org.xstudy.analysis.ItemSubset;
import org.xstudy.analysis.SubsetParser;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.analysis.data.ResponseRepository;
import org.xstudy.analysis.stats.FitCache;
import org.xstudy.common.Actor;
import org.xstudy.common.ProblemException;
import org.xstudy.export.ExportRow;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.StudySpec;

/** Loads a researcher's study with its exclusion decisions and fits the logistic GLMM to its simulation answers. */
@ApplicationScoped
public class GlmmService {

    /** Which simulation answers a model is fitted to. */
    public enum Task { ALL, FORWARD, COUNTERFACTUAL }

    @Inject
    AnalysisService analysis;

    @Inject
    StudyService studies;

    @Inject
    ResponseRepository responses;

    @Inject
    ExclusionService exclusions;

    /** The study's answers that a model may use: its simulation answers of the task, without excluded people. */
    public List<Answer> answers(Study study, Task task, boolean applyExclusions) {
        Set<String> excluded = applyExclusions ? Exclusions.excludedIds(exclusions.sync(study.id)) : Set.of();
        List<Answer> answers = new ArrayList<>();
        try (Stream<ExportRow> rows = responses.rows(study.id, false, Map.of())) {
            rows.map(ExportRow::toAnswer).filter(a -> a.isSimulation() && !excluded.contains(a.participantId()))
                    .filter(a -> task == Task.ALL || a.kind().name().equals(task.name()))
                    .forEach(answers::add);
        }
        return answers;
    }

    /**
     * The report of the study's models; {@code reference} (or null for R's default) must be one of the conditions
     * of the answers, else a 400 naming {@code /reference}.
     */
    public GlmmReport fit(long studyId, Actor who, Task task, boolean applyExclusions, List<String> subsetTexts,
                          double confidence, String reference) {
        Study study = analysis.owned(studyId, who);
        StudySpec spec = studies.spec(study);
        Map<String, Map<String, Object>> covariates = new LinkedHashMap<>();
        spec.items().forEach(i -> covariates.put(i.id(), i.covariatesOrEmpty()));
        List<ItemSubset> subsets = subsetTexts.stream().distinct().map(t -> SubsetParser.parse(t, covariates))
                .toList();
        int excluded = applyExclusions ? Exclusions.excludedIds(exclusions.sync(study.id)).size() : 0;
        List<Answer> answers = answers(study, task, applyExclusions);
        GlmmDesign all = GlmmDesign.of(answers, reference);
        if (reference != null && !all.conditions().contains(reference)) {
            throw ProblemException.badField("/reference", "Not a condition of these answers; they have "
                    + String.join(", ", all.conditions()) + ".");
        }
        List<GlmmReport.Model> models = new ArrayList<>();
        models.add(model("all", all, confidence));
        for (ItemSubset s : subsets) {
            List<Answer> in = answers.stream().filter(s::contains).toList();
            models.add(model(s.label(), GlmmDesign.of(in, reference), confidence));
        }
        return new GlmmReport(study.slug, task.name().toLowerCase(), applyExclusions, excluded, all.conditions(),
                all.referenceCondition(), all.referencePhase(), models);
    }

    /** Fits by their data: the analysis pages ask again on every view ({@link FitCache}). */
    private static final FitCache<GlmmFit> FITS = new FitCache<>(64);

    static GlmmReport.Model model(String subset, GlmmDesign design, double confidence) {
        GlmmData d = design.data();
        if (d.participants().size() < 2 || d.items().size() < 2) {
            return new GlmmReport.Model(subset, null, "A model with random intercepts needs answers from at least 2 "
                    + "participants on at least 2 items; there are " + d.participants().size() + " participants and "
                    + d.items().size() + " items.");
        }
        try {
            GlmmFit fit = FITS.get(FitCache.key("glmm").ints(d.y()).rows(d.x()).texts(d.fixedNames())
                    .ints(d.participant()).texts(d.participants()).ints(d.item()).texts(d.items())
                    .text(design.formula()).number(confidence), () -> GlmmFitter.fit(d, design.formula(), confidence));
            return new GlmmReport.Model(subset, fit, null);
        } catch (ArithmeticException e) {
            return new GlmmReport.Model(subset, null, "The model could not be fitted to these answers ("
                    + e.getMessage() + ").");
        }
    }
}
