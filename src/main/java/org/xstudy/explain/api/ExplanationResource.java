package org.xstudy.explain.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Ownership;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.ExplanationService;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.metric.Agreement;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;

/** Computes, stores and returns word attributions; lists the methods. */
@Path("/api")
public class ExplanationResource {

    static final int MAX_COMPARED = 20;

    @Inject
    ExplanationService service;

    @Inject
    MethodCatalog methods;

    @Inject
    ModelRegistry models;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentResearcher researcher;

    @POST
    @Path("/explanations")
    public ExplanationView explain(JsonNode raw) {
        ExplainRequest body = Bodies.read(json, raw, ExplainRequest.class);
        ExplanationService.Checked checked = service.check(body.text(), body.model(), body.method(), body.params(),
                body.target());
        ExplanationService.Outcome out = service.explain(checked, Boolean.TRUE.equals(body.recompute()),
                Ownership.of(researcher.actor()));
        return ExplanationView.of(out.explanation(), out.cached(), json);
    }

    @GET
    @Path("/explanations/{id}")
    public ExplanationView get(@PathParam("id") long id) {
        return service.find(id, researcher.actor()).map(e -> ExplanationView.of(e, true, json))
                .orElseThrow(() -> ProblemException.notFound("Explanation " + id));
    }

    @POST
    @Path("/explanations/agreement")
    public AgreementView agreement(JsonNode raw) {
        AgreementView.Request body = Bodies.read(json, raw, AgreementView.Request.class);
        List<Long> ids = body.ids() == null ? List.of() : body.ids();
        if (ids.size() < 2 || ids.size() > MAX_COMPARED || ids.stream().anyMatch(Objects::isNull)) {
            throw ProblemException.badField("/ids", "ids must list 2 to " + MAX_COMPARED + " explanation ids.");
        }
        List<Explanation> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int index = i;
            Explanation e = service.find(ids.get(i), researcher.actor()).orElseThrow(() -> ProblemException
                    .badField("/ids/" + index, "No explanation " + ids.get(index) + "."));
            Explanation first = rows.isEmpty() ? e : rows.get(0);
            if (!e.modelId.equals(first.modelId) || !e.textHash.equals(first.textHash) || e.target != first.target) {
                throw ProblemException.badField("/ids/" + i,
                        "Only explanations of the same text, model and target can be compared.");
            }
            rows.add(e);
        }
        List<AgreementView.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                Explanation a = rows.get(i);
                Explanation b = rows.get(j);
                Agreement.Report r = Agreement.of(scores(a), scores(b));
                pairs.add(new AgreementView.Pair(a.id, b.id, a.method, b.method, r.spearman(), r.kendall(),
                        r.topKIntersection(), r.k()));
            }
        }
        return new AgreementView(pairs);
    }

    @GET
    @Path("/explanation-methods")
    public List<MethodView> methods(@QueryParam("model") String modelId) {
        TextClassifier model = modelId == null ? null : models.find(modelId)
                .orElseThrow(() -> ProblemException.badField("/model", "Unknown model " + modelId + "."));
        return methods.all().stream()
                .map(m -> MethodView.of(m, model == null ? null
                        : !m.needsGradients() || model instanceof DifferentiableClassifier))
                .toList();
    }

    private double[] scores(Explanation e) {
        return JsonText.read(json, e.tokens, new TypeReference<List<TokenScore>>() {}).stream()
                .mapToDouble(TokenScore::score).toArray();
    }
}
