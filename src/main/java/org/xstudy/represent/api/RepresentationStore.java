package org.xstudy.represent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xstudy.common.Actor;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Ownership;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.ExplanationService;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.render.Scores;
import org.xstudy.study.spec.Payload;

/**
 * Stores generated representations and regenerates them. Generation runs outside any transaction (it may call a
 * model or an LLM); only the write is transactional. Stored representations and explanations are the acting
 * researcher's own: anyone else's, named by id or as {@code source}/{@code explanation}, is not found.
 */
@ApplicationScoped
public class RepresentationStore {

    /** The {@code source} of a row made from a stored explanation, followed by its id. */
    public static final String EXPLANATION_SOURCE = "explanation:";

    @Inject
    Representations representations;

    @Inject
    ObjectMapper json;

    @Inject
    ModelRegistry models;

    @Inject
    ExplanationService explanations;

    @Inject
    MethodCatalog methods;

    @Inject
    CurrentResearcher researcher;

    /** Generates without storing. */
    public Representations.Generated preview(String kind, RepresentRequest request) {
        return representations.generate(kind, resolveInput(request));
    }

    public RepresentationView create(String kind, RepresentRequest request) {
        RepresentRequest input = resolveInput(request);
        Representations.Generated g = representations.generate(kind, input);
        if (g.payload() == null) {
            throw new ProblemException(org.xstudy.common.Problem.of(422, "Nothing to store",
                    "This " + kind + " request gives no study payload (e.g. no counterfactual was found, or "
                            + "perturbations, which go inline into an item's perturbations); use preview."));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Representation row = new Representation();
            row.ownerId = Ownership.of(researcher.actor());
            row.kind = g.kind();
            row.provenance = Representation.GENERATED;
            row.source = request.explanation() == null ? null : EXPLANATION_SOURCE + request.explanation();
            row.text = input.text();
            row.label = input.label();
            row.version = 1;
            row.createdAt = Instant.now();
            fill(row, g, input);
            row.persist();
            return view(row, g.html());
        });
    }

    /** Generates a stored representation again from its own input with new parameters; the version goes up. */
    public RepresentationView regenerate(long id, RepresentRequest parameters) {
        Representation stored = find(id);
        if (Representation.IMPORTED.equals(stored.provenance)) {
            throw ProblemException.conflict("Imported representations cannot be regenerated.");
        }
        RepresentRequest base = read(stored.params, RepresentRequest.class);
        RepresentRequest input = parameters.withInput(base.text(), base.scores(), base.label(),
                parameters.probability(), parameters.model(), parameters.prediction(),
                parameters.predictionProbability(), base.signed());
        Representations.Generated g = representations.generate(stored.kind, input);
        if (g.payload() == null) {
            throw ProblemException.conflict("The regenerated " + stored.kind + " gives no study payload.");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Representation row = find(id);
            fill(row, g, input);
            row.version++;
            return view(row, g.html());
        });
    }

    public RepresentationView get(long id) {
        return view(find(id), null);
    }

    /** The representation if the acting researcher may see it; anyone else's is not found. */
    public Representation find(long id) {
        return owned(id, researcher.actor()).orElseThrow(() -> ProblemException.notFound("Representation " + id));
    }

    /** The representation if {@code who} may see it (see {@link Ownership}). */
    public static Optional<Representation> owned(long id, Actor who) {
        return Representation.<Representation>findByIdOptional(id).filter(r -> Ownership.visible(r.ownerId, who));
    }

    /** Replaces {@code source} by the stored text and token scores it names. */
    RepresentRequest resolveInput(RepresentRequest request) {
        if (request.explanation() != null) {
            return fromExplanation(request);
        }
        if (request.source() == null) {
            return request;
        }
        Representation row = owned(request.source(), researcher.actor()).orElse(null);
        Payload payload = row == null ? null : read(row.payload, Payload.class);
        boolean scores = row != null && (row.kind.equals(Payload.TOKEN_SCORES) || row.kind.equals("heatmap"));
        if (payload == null || payload.tokens() == null || !scores) {
            throw ProblemException.badField("/source", "no stored representation with token scores has id "
                    + request.source());
        }
        com.fasterxml.jackson.databind.JsonNode params = read(row.params, com.fasterxml.jackson.databind.JsonNode.class);
        return request.withInput(row.text, payload.tokens(), row.label, number(params, "probability"), null,
                params.path("prediction").isTextual() ? params.get("prediction").asText() : null,
                number(params, "predictionProbability"), Scores.signed(payload.provenance()));
    }

    private static Double number(com.fasterxml.jackson.databind.JsonNode params, String field) {
        return params.path(field).isNumber() ? params.get(field).asDouble() : null;
    }

    private RepresentRequest fromExplanation(RepresentRequest request) {
        Explanation e = explanations.find(request.explanation(), researcher.actor()).orElse(null);
        if (e == null) {
            throw ProblemException.badField("/explanation", "no stored explanation has id " + request.explanation());
        }
        List<TokenScore> tokens = List.of(read(e.tokens, TokenScore[].class));
        String[] labels = read(e.labels, String[].class);
        double[] probabilities = read(e.probabilities, double[].class);
        String model = models.find(e.modelId).isPresent() ? e.modelId : null;
        int predicted = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[predicted]) {
                predicted = i;
            }
        }
        boolean signed = methods.signed(e.method, read(e.params, Map.class));
        return request.withInput(e.text, tokens, labels[e.target], probabilities[e.target], model, labels[predicted],
                probabilities[predicted], signed);
    }

    private void fill(Representation row, Representations.Generated g, RepresentRequest input) {
        row.method = g.method();
        row.params = write(input);
        row.payload = write(withProvenance(g.payload(), row));
        row.result = write(g.result());
        row.updatedAt = Instant.now();
    }

    private Payload withProvenance(Payload p, Representation row) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("provenance", row.provenance);
        provenance.put("kind", row.kind);
        provenance.put("method", row.method);
        if (row.source != null && row.source.startsWith(EXPLANATION_SOURCE)) {
            explanations.find(Long.parseLong(row.source.substring(EXPLANATION_SOURCE.length())), researcher.actor())
                    .ifPresent(e -> provenance.putAll(attribution(e)));
        }
        if (p.provenance() != null) {
            provenance.putAll(p.provenance());
        }
        return new Payload(p.kind(), null, p.method(), p.tokens(), p.text(), p.editedText(), p.prediction(),
                p.examples(), provenance);
    }

    /** What a representation made from a stored explanation records of it: the model, its weights' hash, the method. */
    public static Map<String, Object> attribution(Explanation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("explanationId", e.id);
        out.put("model", e.modelId);
        out.put("modelHash", e.modelHash);
        out.put("attribution", e.method);
        return out;
    }

    RepresentationView view(Representation row, String html) {
        Payload payload = read(row.payload, Payload.class);
        Map<String, Object> provenance = new LinkedHashMap<>(payload.provenance() == null ? Map.of()
                : payload.provenance());
        provenance.put("representationId", row.id);
        provenance.put("version", row.version);
        Payload withId = new Payload(payload.kind(), null, payload.method(), payload.tokens(), payload.text(),
                payload.editedText(), payload.prediction(), payload.examples(), provenance);
        return new RepresentationView(row.id, row.kind, row.provenance, row.version, html, withId,
                read(row.result, Object.class));
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
