package org.xstudy.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.common.Actor;
import org.xstudy.common.JsonPointers;
import org.xstudy.common.Ownership;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.InvalidParamException;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.explain.metric.Faithfulness;
import org.xstudy.explain.metric.ModelRandomisation;
import org.xstudy.explain.metric.Stability;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.ModelInfo;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;

/**
 * Computes explanations and stores them with provenance. A request is checked completely before anything runs or
 * is written; the same request (model id and hash, method, resolved parameters, text, target) returns the stored
 * row unless a recompute is asked for, which computes again and updates that row in place.
 */
@ApplicationScoped
public class ExplanationService {

    /** The longest text, in UTF-16 characters, that can be explained. */
    public static final int MAX_TEXT_CHARS = 2000;

    @Inject
    ModelRegistry models;

    @Inject
    MethodCatalog methods;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "xstudy.explain.stability-reruns", defaultValue = "2")
    int stabilityReruns;

    /** How many layers, from the output down, the model-randomisation sanity check randomises at most. */
    @ConfigProperty(name = "xstudy.explain.sanity-max-layers", defaultValue = "6")
    int sanityMaxLayers;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    private final AtomicLong computations = new AtomicLong();

    /** A request that passed every check: the model, the method with resolved parameters, the text, the target. */
    public record Checked(TextClassifier model, AttributionMethod method, Params params, String text,
            Integer target) {}

    /** A stored explanation and whether it came from the store rather than a new computation. */
    public record Outcome(Explanation explanation, boolean cached) {}

    /**
     * Checks a request, naming every bad field by its JSON pointer.
     *
     * @throws ProblemException 400 for bad input, 422 for a gradient method on a model without gradients
     */
    public Checked check(String text, String modelId, String methodId, Map<String, Object> params, Integer target) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String textProblem = textProblem(text);
        if (textProblem != null) {
            errors.add(new Problem.FieldError("/text", textProblem));
        }
        Optional<TextClassifier> model = models.find(modelId);
        if (model.isEmpty()) {
            errors.add(new Problem.FieldError("/model", modelId == null ? "model is required."
                    : "Unknown model " + modelId + "; known: " + models.all().stream().map(TextClassifier::id)
                    .toList() + "."));
        }
        Optional<AttributionMethod> method = methods.find(methodId);
        if (method.isEmpty()) {
            errors.add(new Problem.FieldError("/method", methodId == null ? "method is required."
                    : "Unknown method " + methodId + "; known: " + methods.all().stream().map(AttributionMethod::id)
                    .toList() + "."));
        }
        Params resolved = null;
        if (method.isPresent()) {
            try {
                resolved = method.get().resolve(params);
            } catch (InvalidParamException e) {
                errors.add(new Problem.FieldError("/params/" + JsonPointers.escape(e.param()), e.getMessage()));
            }
        }
        if (model.isPresent() && target != null && (target < 0 || target >= model.get().labels().size())) {
            errors.add(new Problem.FieldError("/target", "target must be a class index from 0 to "
                    + (model.get().labels().size() - 1) + " (" + model.get().labels() + ")."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (method.get().needsGradients(resolved) && !(model.get() instanceof DifferentiableClassifier)) {
            String detail = "Method " + methodId + " needs gradients, and model " + modelId
                    + " does not provide them. Use a model-agnostic method: occlusion, lime, kernel_shap or placebo.";
            throw new ProblemException(new Problem("about:blank", "Method needs gradients", 422, detail,
                    List.of(new Problem.FieldError("/method", detail))));
        }
        return new Checked(model.get(), method.get(), resolved, text, target);
    }

    /**
     * The model hash of provenance and of the store's key: the SHA-256 of the model's weights that
     * {@code GET /api/models} shows, where the model has one (demo and imported models), else its behavioural
     * fingerprint ({@link ModelFingerprint}).
     */
    String modelHash(TextClassifier model) {
        return models.info(model.id()).map(ModelInfo::hash).filter(h -> h != null && !h.isBlank())
                .orElseGet(() -> ModelFingerprint.of(model));
    }

    /** Why a text cannot be explained (empty, or longer than {@link #MAX_TEXT_CHARS}), or null when it can. */
    public static String textProblem(String text) {
        if (text == null || text.isBlank()) {
            return "text must not be empty.";
        }
        if (text.length() > MAX_TEXT_CHARS) {
            return "text has " + text.length() + " characters; at most " + MAX_TEXT_CHARS + " can be explained.";
        }
        return null;
    }

    /**
     * The stored explanation of {@code owner} for a checked request, or a new computation when there is none or on
     * recompute. Each owner has their own stored explanations: nobody is handed another researcher's row.
     */
    public Outcome explain(Checked c, boolean recompute, Long owner) {
        double[] proba = c.model().predictProba(List.of(c.text()))[0];
        if (!finite(proba)) {
            throw nonFinite("The model " + c.model().id() + " returned probabilities that are not numbers (NaN or "
                    + "infinite) for this text, so nothing can be explained or stored. Check the model's weights.");
        }
        int prediction = argmax(proba);
        int target = c.target() == null ? prediction : c.target();
        String modelHash = modelHash(c.model());
        String paramsKey = write(c.params().asMap());
        String textHash = ModelFingerprint.sha256(c.text());
        if (!recompute) {
            Optional<Explanation> stored = QuarkusTransaction.requiringNew().call(() -> Explanation.findByKey(owner,
                    c.model().id(), modelHash, c.method().id(), paramsKey, textHash, target));
            if (stored.isPresent()) {
                return new Outcome(stored.get(), true);
            }
        }
        long start = System.nanoTime();
        Attribution a = c.method().attribute(c.model(), c.text(), target, c.params());
        if (!finite(a.scores())) {
            // a transient NaN of libtorch's kernels was already retried where it arises (Torch.untilFinite)
            throw nonFinite("The method " + c.method().id() + " gave scores that are not numbers (NaN or "
                    + "infinite) on model " + c.model().id() + " for this text; nothing was stored.");
        }
        double runtimeMs = (System.nanoTime() - start) / 1e6;
        Map<String, Object> metrics = metrics(c, target, a);
        computations.incrementAndGet();
        Explanation row = new Explanation();
        row.ownerId = owner;
        row.modelId = c.model().id();
        row.modelHash = modelHash;
        row.method = c.method().id();
        row.params = paramsKey;
        row.paramsKey = paramsKey;
        row.seed = c.params().has("seed") ? c.params().getLong("seed") : null;
        row.libraryVersion = "xstudy-explain/" + version;
        row.runtimeMs = runtimeMs;
        row.text = c.text();
        row.textHash = textHash;
        row.target = target;
        row.labels = write(c.model().labels());
        row.prediction = prediction;
        row.probabilities = write(proba);
        row.tokens = write(a.words());
        row.metrics = write(metrics);
        Explanation saved = save(row, recompute);
        return new Outcome(saved, !recompute && saved != row);
    }

    private static boolean finite(double[] values) {
        return java.util.Arrays.stream(values).allMatch(Double::isFinite);
    }

    private static ProblemException nonFinite(String detail) {
        return new ProblemException(Problem.of(422, "Not a number", detail));
    }

    /** The explanation if {@code who} may see it (see {@link Ownership}). */
    public Optional<Explanation> find(long id, Actor who) {
        return QuarkusTransaction.requiringNew().call(() -> Explanation.<Explanation>findByIdOptional(id))
                .filter(e -> Ownership.visible(e.ownerId, who));
    }

    /** How many attributions this service has computed since start (stored results are not counted). */
    public long computations() {
        return computations.get();
    }

    private Map<String, Object> metrics(Checked c, int target, Attribution a) {
        long start = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faithfulness", Faithfulness.evaluate(c.model(), c.text(), target, a.scores()));
        boolean exact = a.diagnostics().getOrDefault("exact", 0.0) == 1.0;
        if (c.method().sampled() && !exact && stabilityReruns > 0) {
            m.put("stability", Stability.of(c.method(), c.model(), c.text(), target, c.params(), a,
                    stabilityReruns));
        }
        m.put("sanity", ModelRandomisation.check(c.method(), c.params(), c.model(), c.text(), target, a.scores(),
                sanityMaxLayers));
        m.put("diagnostics", a.diagnostics());
        m.put("metricsRuntimeMs", (System.nanoTime() - start) / 1e6);
        return m;
    }

    /**
     * Stores a new computation. Without recompute a row that another request stored meanwhile (the unique request
     * key) is kept as it is and returned, so that the same request is never stored twice nor overwritten, e.g. by
     * two precompute workers that both ran a chunk; with recompute the row is updated in place.
     */
    private Explanation save(Explanation fresh, boolean recompute) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> upsert(fresh, recompute));
        } catch (PersistenceException e) {
            // a concurrent identical request stored its row first
            return QuarkusTransaction.requiringNew().call(() -> upsert(fresh, recompute));
        }
    }

    private static Explanation upsert(Explanation fresh, boolean recompute) {
        OffsetDateTime now = OffsetDateTime.now();
        Optional<Explanation> existing = Explanation.findByKey(fresh.ownerId, fresh.modelId, fresh.modelHash,
                fresh.method, fresh.paramsKey, fresh.textHash, fresh.target);
        if (existing.isPresent() && !recompute) {
            return existing.get();
        }
        if (existing.isEmpty()) {
            fresh.computations = 1;
            fresh.createdAt = now;
            fresh.computedAt = now;
            fresh.persist();
            return fresh;
        }
        Explanation row = existing.get();
        row.params = fresh.params;
        row.seed = fresh.seed;
        row.libraryVersion = fresh.libraryVersion;
        row.runtimeMs = fresh.runtimeMs;
        row.labels = fresh.labels;
        row.prediction = fresh.prediction;
        row.probabilities = fresh.probabilities;
        row.tokens = fresh.tokens;
        row.metrics = fresh.metrics;
        row.computations++;
        row.computedAt = now;
        return row;
    }

    private String write(Object value) {
        return JsonText.write(json, value);
    }

    /** The index of the largest value (the first of ties): the predicted class of probabilities. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
