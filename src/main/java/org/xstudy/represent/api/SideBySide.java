package org.xstudy.represent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.common.ProblemException;
import org.xstudy.represent.render.CounterfactualDiff;
import org.xstudy.represent.render.ExampleList;
import org.xstudy.common.Actor;
import org.xstudy.study.StudyItem;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.Payload;

/**
 * Every representation of one input side by side, each with its automatic scores; a representation that cannot
 * be made (no model, LLM off, endpoint down) shows its problem instead.
 */
@ApplicationScoped
public class SideBySide {

    /** One column: the fragment and scores, or why there is none. */
    public record Column(String html, Object result, Object problem) {}

    @Inject
    RepresentationStore store;

    @Inject
    Representations representations;

    @Inject
    ObjectMapper json;

    @Inject
    StudyService studies;

    /** All saliency-based kinds for a text and its scores, plus counterfactuals when a model is given. */
    public Map<String, Column> forScores(RepresentRequest request) {
        RepresentRequest input = store.resolveInput(request);
        representations.saliencyChecks(input).throwIfAny();
        Map<String, Column> out = new LinkedHashMap<>();
        for (String kind : Representations.SALIENCY_KINDS) {
            out.put(kind, column(kind, input));
        }
        if (input.model() != null) {
            out.put("counterfactuals", column("counterfactuals", input));
        }
        return out;
    }

    /**
     * The frozen payloads of a study item as participants see them, with automatic scores where a model is known.
     * Only the study's owner and collaborators (viewers included) see its items.
     */
    public Map<String, Column> forItem(long itemId, String model, Actor who) {
        StudyItem item = StudyItem.findById(itemId);
        if (item == null || studies.visible(item.studyId, who).isEmpty()) {
            throw ProblemException.notFound("Study item " + itemId);
        }
        Map<String, Payload> payloads;
        try {
            payloads = json.readValue(item.explanations,
                    json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Payload.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Column> out = new LinkedHashMap<>();
        payloads.forEach((type, p) -> out.put(type, payloadColumn(item, p, model)));
        return out;
    }

    private Column payloadColumn(StudyItem item, Payload p, String model) {
        return switch (p.kind()) {
            case Payload.TOKEN_SCORES -> {
                RepresentRequest r = new RepresentRequest(item.text, p.tokens(), null, null, item.prediction, null, model,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null);
                Column heatmap = column("heatmap", r);
                Map<String, Object> scores = new LinkedHashMap<>();
                scores.put("template", column("template", r).result());
                scores.put("rationale", column("rationale", r));
                yield new Column(heatmap.html(), scores, heatmap.problem());
            }
            case Payload.TEXT -> new Column(Representations.verbalHtml(p.text()), null, null);
            case Payload.COUNTERFACTUAL -> new Column(CounterfactualDiff.html(item.text, p.editedText()),
                    p.prediction(), null);
            case Payload.EXAMPLES -> new Column(ExampleList.html(p.examples().stream()
                    .map(e -> new ExampleList.Example(e.text(), e.gold(), e.prediction(), e.similarity())).toList()),
                    null, null);
            default -> new Column(null, null, "unknown payload kind " + p.kind());
        };
    }

    private Column column(String kind, RepresentRequest r) {
        try {
            Representations.Generated g = representations.generate(kind, r);
            return new Column(g.html(), g.result(), null);
        } catch (ProblemException e) {
            return new Column(null, null, e.problem());
        }
    }
}
