package org.xstudy.represent.api;

import static org.xstudy.represent.api.RepresentRequest.or;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.TokenScore;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;
import org.xstudy.represent.check.CheckSubject;
import org.xstudy.represent.check.VerbalizationCheck;
import org.xstudy.represent.llm.LlmVerbalizer;
import org.xstudy.represent.rationale.Faithfulness;
import org.xstudy.represent.rationale.Rationale;
import org.xstudy.represent.rationale.RationaleView;
import org.xstudy.represent.render.Heatmap;
import org.xstudy.represent.render.HeatmapExport;
import org.xstudy.represent.render.HeatmapFigure;
import org.xstudy.represent.render.HeatmapLayout;
import org.xstudy.represent.render.Markup;
import org.xstudy.represent.render.Normalization;
import org.xstudy.represent.render.Scores;
import org.xstudy.represent.verbal.TemplateVerbalizer;
import org.xstudy.represent.verbal.Verbalization;
import org.xstudy.study.spec.Payload;

/** Generates every kind of representation from a saliency map (and a model where the kind needs one). */
@ApplicationScoped
public class Representations {

    /** Verbalizations and rationales cite content words only: no punctuation or function words (docs/explanations.md). */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "xstudy.represent.content-words-only",
            defaultValue = "true")
    boolean contentWordsOnly;

    public static final List<String> SALIENCY_KINDS = List.of("heatmap", "rationale", "template", "llm");

    @Inject
    ModelRegistry models;

    @Inject
    ModelKinds modelKinds;

    @Inject
    LlmVerbalizer llm;

    /** A representation before it is stored. */
    public record Generated(String kind, String method, String html, Payload payload, Map<String, Object> result) {}

    public Generated generate(String kind, RepresentRequest r) {
        return switch (kind) {
            case "heatmap" -> heatmap(r);
            case "rationale" -> rationale(r);
            case "template" -> template(r);
            case "llm" -> llm(r);
            case "counterfactuals" -> modelKinds.counterfactuals(r);
            case "perturbations" -> modelKinds.perturbations(r);
            case "examples" -> modelKinds.examples(r);
            default -> throw ProblemException.badField("/kind", "unknown representation kind '" + kind + "'");
        };
    }

    /** The heatmap figure for SVG/PNG export. */
    public HeatmapFigure figure(RepresentRequest r) {
        return HeatmapFigure.of(layout(r), or(r.width(), 640), 18);
    }

    private HeatmapLayout layout(RepresentRequest r) {
        Checks c = saliencyChecks(r);
        c.oneOf(r.normalization(), "/normalization", List.of("instance", "global"));
        c.oneOf(r.format(), "/format", List.of("html", "svg", "png"));
        c.range(r.width(), "/width", 200, 4000);
        boolean global = "global".equals(r.normalization());
        if (global && (r.globalMaxAbs() == null || !(r.globalMaxAbs() > 0) || r.globalMaxAbs().isInfinite())) {
            c.add("/globalMaxAbs", "global normalization needs a positive globalMaxAbs");
        }
        c.throwIfAny();
        return HeatmapLayout.of(r.text(), r.scores(), global ? Normalization.GLOBAL : Normalization.INSTANCE,
                r.globalMaxAbs(), r.label(), r.signedScores());
    }

    private Generated heatmap(RepresentRequest r) {
        HeatmapLayout layout = layout(r);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("normalization", layout.normalization().name().toLowerCase(Locale.ROOT));
        result.put("maxAbs", layout.divisor());
        result.put(Scores.SIGNED, layout.signed());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put(Scores.SIGNED, layout.signed());
        return new Generated("heatmap", "heatmap", Heatmap.html(layout),
                new Payload(Payload.TOKEN_SCORES, null, "heatmap", r.scores(), null, null, null, null, provenance),
                result);
    }

    private Generated rationale(RepresentRequest r) {
        Checks c = saliencyChecks(r);
        String modeName = or(r.mode(), "top-k");
        c.oneOf(modeName, "/mode", List.of("top-k", "top-percent", "threshold"));
        c.oneOf(r.view(), "/view", List.of("highlights", "snippets"));
        Rationale.Mode mode = switch (modeName) {
            case "top-percent" -> Rationale.Mode.TOP_PERCENT;
            case "threshold" -> Rationale.Mode.THRESHOLD;
            default -> Rationale.Mode.TOP_K;
        };
        double parameter = or(r.parameter(), mode == Rationale.Mode.TOP_K ? 3.0
                : mode == Rationale.Mode.TOP_PERCENT ? 20.0 : 0.5);
        String problem = Rationale.problem(mode, parameter);
        if (problem != null) {
            c.add("/parameter", problem);
        }
        TextClassifier model = optionalModel(r, c);
        c.throwIfAny();
        Rationale rationale = Rationale.select(contentWordsOnly ? Rationale.contentWordsOnly(r.scores()) : r.scores(),
                mode, parameter);
        String html = "snippets".equals(r.view()) ? RationaleView.snippets(r.text(), r.scores(), rationale)
                : RationaleView.highlights(r.text(), r.scores(), rationale);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", modeName);
        result.put("parameter", parameter);
        result.put("words", rationale.words().stream().map(i -> r.scores().get(i).token()).toList());
        result.put("spans", rationale.spans());
        if (model != null) {
            result.put("faithfulness", Faithfulness.of(model, r.text(), r.scores(), rationale, target(model, r)));
        }
        List<TokenScore> marks = new java.util.ArrayList<>();
        for (int i = 0; i < r.scores().size(); i++) {
            TokenScore s = r.scores().get(i);
            marks.add(new TokenScore(s.token(), s.start(), s.end(), rationale.words().contains(i) ? 1 : 0));
        }
        return new Generated("rationale", "rationale", html, tokenPayload("rationale", marks), result);
    }

    private Generated template(RepresentRequest r) {
        Checks c = saliencyChecks(r);
        c.range(r.budgetWords(), "/budgetWords", 5, 200);
        c.range(r.maxWordsPerSlot(), "/maxWordsPerSlot", 1, 20);
        if (Boolean.TRUE.equals(r.withConfidence()) && r.probability() == null) {
            c.add("/probability", "withConfidence needs the model's probability");
        }
        c.throwIfAny();
        Verbalization v;
        try {
            v = TemplateVerbalizer.verbalize(r.text(), r.scores(), labelOrDefault(r), r.probability(),
                    r.modelPrediction(), new TemplateVerbalizer.Options(or(r.budgetWords(), 30),
                            or(r.maxWordsPerSlot(), 5), Boolean.TRUE.equals(r.showScores()),
                            Boolean.TRUE.equals(r.withConfidence()), contentWordsOnly, r.signedScores()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("/budgetWords", e.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("verbalization", v);
        VerbalizationCheck check = VerbalizationCheck.check(v.text(), checkSubject(r, or(r.maxWordsPerSlot(), 5)));
        result.put("check", check);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("templateVersion", v.templateVersion());
        provenance.put(Scores.SIGNED, r.signedScores());
        provenance.put("check", check);
        return new Generated("template", v.templateVersion(), verbalHtml(v.text()),
                textPayload("template", v.text(), provenance), result);
    }

    private Generated llm(RepresentRequest r) {
        Checks c = saliencyChecks(r);
        c.range(r.k(), "/k", 1, 20);
        c.throwIfAny();
        LlmVerbalizer.Result v = llm.verbalize(checkSubject(r, or(r.k(), 5)));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("promptVersion", v.promptVersion());
        provenance.put("promptHash", v.promptHash());
        provenance.put("llmModel", v.model());
        provenance.put("temperature", v.temperature());
        provenance.put(Scores.SIGNED, r.signedScores());
        provenance.put("check", v.faithfulness());
        return new Generated("llm", v.promptVersion(), verbalHtml(v.text()), textPayload("llm", v.text(), provenance),
                new LinkedHashMap<>(Map.of("verbalization", v)));
    }

    /**
     * What a verbalization of {@code r} is checked against: the model's labels when the model is registered, else
     * the explained and predicted labels; {@code k} words on each side count as important; no direction is checked
     * for magnitudes.
     */
    CheckSubject checkSubject(RepresentRequest r, int k) {
        List<String> labels = r.model() == null ? null
                : models.find(r.model()).map(TextClassifier::labels).orElse(null);
        if (labels == null) {
            labels = java.util.stream.Stream.of(r.label(), r.prediction()).filter(l -> l != null && !l.isBlank())
                    .distinct().toList();
        }
        return new CheckSubject(r.text(), r.scores(), labelOrDefault(r), labels, r.modelPrediction(),
                r.probability(), k, r.signedScores());
    }

    static String verbalHtml(String text) {
        return "<p class=\"xh-verbal\">" + Markup.escape(text) + "</p>";
    }

    static Payload tokenPayload(String method, List<TokenScore> tokens) {
        return new Payload(Payload.TOKEN_SCORES, null, method, tokens, null, null, null, null, null);
    }

    static Payload textPayload(String method, String text) {
        return textPayload(method, text, null);
    }

    /** A verbalization with its provenance: the check's result and what made the text (docs/explanations.md). */
    static Payload textPayload(String method, String text, Map<String, Object> provenance) {
        return new Payload(Payload.TEXT, null, method, null, text, null, null, null, provenance);
    }

    private static String labelOrDefault(RepresentRequest r) {
        return r.label() == null || r.label().isBlank() ? "the predicted class" : r.label();
    }

    Checks saliencyChecks(RepresentRequest r) {
        Checks c = new Checks();
        c.text(r.text(), "/text");
        if (r.text() != null) {
            c.addAll(Scores.errors(r.text(), r.scores(), "/scores"));
        }
        return c;
    }

    TextClassifier optionalModel(RepresentRequest r, Checks c) {
        if (r.model() == null) {
            return null;
        }
        TextClassifier model = models.find(r.model()).orElse(null);
        if (model == null) {
            c.add("/model", "unknown model '" + r.model() + "'");
        } else if (r.label() != null && !model.labels().contains(r.label())) {
            c.add("/label", "the model's labels are " + model.labels());
        }
        return model;
    }

    TextClassifier requiredModel(RepresentRequest r, Checks c) {
        if (r.model() == null) {
            c.add("/model", "a registered model id is required");
        }
        return optionalModel(r, c);
    }

    /** The index of the explained label, or of the model's prediction when no label is given. */
    static int target(TextClassifier model, RepresentRequest r) {
        if (r.label() != null) {
            return model.labels().indexOf(r.label());
        }
        double[] p = model.predictProba(List.of(r.text()))[0];
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }
}
