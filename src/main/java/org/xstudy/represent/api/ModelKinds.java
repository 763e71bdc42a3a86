package org.xstudy.represent.api;

import static org.xstudy.represent.api.RepresentRequest.or;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.model.Embedder;
import org.xstudy.model.TextClassifier;
import org.xstudy.represent.counterfactual.Counterfactual;
import org.xstudy.represent.counterfactual.CounterfactualSearch;
import org.xstudy.represent.counterfactual.CounterfactualSettings;
import org.xstudy.represent.counterfactual.Perturbations;
import org.xstudy.represent.examples.NearestExamples;
import org.xstudy.represent.render.CounterfactualDiff;
import org.xstudy.represent.render.ExampleList;
import org.xstudy.study.spec.Payload;
import org.xstudy.study.spec.StudySpec;

/** The representations that run a model: counterfactuals, perturbation items and nearest examples. */
@ApplicationScoped
public class ModelKinds {

    static final int MAX_POOL = 5_000;

    @Inject
    Representations representations;

    @Inject
    EditSources edits;

    @Inject
    Instance<Embedder> embedders;

    @Inject
    org.xstudy.model.ModelRegistry registry;

    @Inject
    CounterfactualSettings counterfactualSettings;

    Representations.Generated counterfactuals(RepresentRequest r) {
        TextClassifier model = editChecks(r);
        CounterfactualSearch.Options defaults = CounterfactualSearch.Options.defaults();
        CounterfactualSearch.Options options = new CounterfactualSearch.Options(or(r.count(), defaults.count()),
                or(r.maxEdits(), defaults.maxEdits()), defaults.maxWords(), defaults.substitutesPerWord(),
                defaults.beam(), counterfactualSettings.minMargin());
        List<Counterfactual> found = new CounterfactualSearch(model, edits.sources(), edits.lexicon(),
                embedder(model)).search(r.text(), r.scores(), options);
        StringBuilder html = new StringBuilder("<ol class=\"xh-cfs\">");
        found.forEach(cf -> html.append("<li>").append(CounterfactualDiff.html(r.text(), cf.text()))
                .append(CounterfactualDiff.scores(cf.margin(), cf.meaning())).append("</li>"));
        html.append("</ol>");
        Payload payload = found.isEmpty() ? null : new Payload(Payload.COUNTERFACTUAL, null, "counterfactual-search",
                null, null, found.get(0).text(), prediction(model, found.get(0).text()), null,
                found.get(0).provenance(options.minMargin()));
        return new Representations.Generated("counterfactuals", "counterfactual-search", html.toString(), payload,
                new LinkedHashMap<>(Map.of("counterfactuals", found)));
    }

    Representations.Generated perturbations(RepresentRequest r) {
        TextClassifier model = editChecks(r);
        List<Perturbations.Perturbation> items = Perturbations.generate(model, r.text(), r.scores(),
                edits.sources(), or(r.count(), 3), or(r.maxEdits(), 2), or(r.seed(), 1L));
        List<StudySpec.Perturbation> forSpec = new ArrayList<>();
        StringBuilder html = new StringBuilder("<ol class=\"xh-cfs\">");
        for (int i = 0; i < items.size(); i++) {
            Perturbations.Perturbation p = items.get(i);
            forSpec.add(new StudySpec.Perturbation("p" + (i + 1), p.text(),
                    new StudySpec.Prediction(p.label(), p.probabilities())));
            html.append("<li>").append(CounterfactualDiff.html(r.text(), p.text())).append("</li>");
        }
        html.append("</ol>");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("perturbations", items);
        result.put("specPerturbations", forSpec);
        return new Representations.Generated("perturbations", "perturbation", html.toString(), null,
                result);
    }

    Representations.Generated examples(RepresentRequest r) {
        Checks c = new Checks();
        c.text(r.text(), "/text");
        TextClassifier model = representations.optionalModel(r, c);
        c.range(r.count(), "/count", 1, 20);
        if (r.pool() == null || r.pool().isEmpty() || r.pool().size() > MAX_POOL) {
            c.add("/pool", "give 1 to " + MAX_POOL + " candidate examples");
        } else {
            for (int i = 0; i < r.pool().size(); i++) {
                RepresentRequest.PoolExample e = r.pool().get(i);
                if (e == null || e.text() == null || e.text().isBlank()) {
                    c.add("/pool/" + i + "/text", "text is required");
                }
            }
        }
        c.throwIfAny();
        Embedder embedder = embedder(model);
        if (embedder == null) {
            throw new ProblemException(Problem.of(503, "No embedding model",
                    "Example-based explanations need an embedding model (e.g. demo-bge); none is loaded."));
        }
        List<NearestExamples.Neighbour> found = NearestExamples.nearest(embedder, model, r.text(),
                r.pool().stream().map(e -> new NearestExamples.Candidate(e.text(), e.gold())).toList(),
                or(r.count(), 3));
        List<Payload.Example> examples = found.stream()
                .map(n -> new Payload.Example(n.text(), n.gold(), n.predicted(), n.similarity())).toList();
        String html = ExampleList.html(found.stream()
                .map(n -> new ExampleList.Example(n.text(), n.gold(), n.predicted(), n.similarity())).toList());
        return new Representations.Generated("examples", "nearest-embedding", html,
                new Payload(Payload.EXAMPLES, null, "nearest-embedding", null, null, null, null, examples, null),
                new LinkedHashMap<>(Map.of("examples", found)));
    }

    /** The model itself when it embeds, else the application's embedding model (demo-bge), or null. */
    private Embedder embedder(TextClassifier model) {
        return model instanceof Embedder own ? own
                : embedders.isResolvable() ? embedders.get()
                : registry.all().stream().filter(Embedder.class::isInstance).map(Embedder.class::cast).findFirst()
                        .orElse(null);
    }

    /** Checks the input and edit parameters; returns the required model. */
    private TextClassifier editChecks(RepresentRequest r) {
        Checks c = representations.saliencyChecks(r);
        TextClassifier model = representations.requiredModel(r, c);
        c.range(r.count(), "/count", 1, 20);
        c.range(r.maxEdits(), "/maxEdits", 1, 5);
        c.throwIfAny();
        return model;
    }

    private static StudySpec.Prediction prediction(TextClassifier model, String text) {
        double[] p = model.predictProba(List.of(text))[0];
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            probabilities.put(model.labels().get(i), p[i]);
        }
        return new StudySpec.Prediction(model.labels().get(CounterfactualSearch.argmax(p)), probabilities);
    }
}
