package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;

/**
 * Placebo, the control condition of a study: a seeded random derangement of a real method's word scores, so that no
 * word keeps its own score. The scores keep exactly the distribution (values, sign balance, scale) of the source
 * method's explanation of the same text, but their assignment to words carries no information about the model. The
 * shuffle's seed combines the {@code seed} parameter with the text, so the items of a study get different shuffles;
 * the Spearman rank correlation with the real scores is reported as the diagnostic {@code spearmanWithSource}. It
 * takes the source method's parameters too.
 *
 * <p>Adebayo, Gilmer, Muelly, Goodfellow, Hardt and Kim, "Sanity Checks for Saliency Maps", NeurIPS 2018 (random
 * attributions as a baseline); Hase and Bansal, "Evaluating Explainable AI: Which Algorithmic Explanations Help
 * Users Predict Model Behavior?", ACL 2020 (control conditions in human studies).
 */
public class Placebo extends BaseMethod {

    private final Function<String, AttributionMethod> methods;
    private final List<String> sources;

    /**
     * @param methods looks up a source method by id
     * @param sources the ids allowed as source
     */
    public Placebo(Function<String, AttributionMethod> methods, List<String> sources) {
        super("placebo", "Placebo (random control)",
                "Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim. Sanity Checks for Saliency Maps. NeurIPS 2018; "
                + "Hase, Bansal. Evaluating Explainable AI. ACL 2020.", true);
        this.methods = methods;
        this.sources = List.copyOf(sources);
    }

    @Override
    public boolean needsGradients() {
        return false;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("source", "occlusion", sources, "The real method whose scores are permuted."),
                ParamSpec.seed());
    }

    @Override
    public Params resolve(Map<String, ?> given) {
        AttributionMethod source = source(given == null ? null : given.get("source"));
        List<ParamSpec> specs = new ArrayList<>(params());
        specs.addAll(source.params());
        return Params.resolve(specs, given);
    }

    @Override
    public boolean needsGradients(Params params) {
        return source(params.getString("source")).needsGradients();
    }

    /** Signed exactly when its source method is: the placebo permutes the source's scores. */
    @Override
    public boolean signed(Params params) {
        return source(params.getString("source")).signed(params);
    }

    @Override
    public Attribution attribute(TextClassifier model, String text, int target, Params params) {
        Attribution real = source(params.getString("source")).attribute(model, text, target, params);
        double[] scores = real.scores();
        int[] order = Shuffle.derangement(new Random(params.getLong("seed") ^ textSeed(text)), scores.length);
        double[] shuffled = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            shuffled[i] = scores[order[i]];
        }
        Map<String, Double> diag = new LinkedHashMap<>();
        diag.put("sourceTotal", real.total());
        double rho = scores.length > 1
                ? new org.hipparchus.stat.correlation.SpearmansCorrelation().correlation(scores, shuffled) : Double.NaN;
        if (Double.isFinite(rho)) {
            diag.put("spearmanWithSource", rho);
        }
        List<Word> words = real.words().stream()
                .map(t -> new Word(t.token(), t.start(), t.end())).toList();
        return new Attribution(WordAggregation.withScores(words, shuffled), params, diag);
    }

    /** 64 bits of the text's SHA-256: the part of the shuffle's seed that differs between items. */
    static long textSeed(String text) {
        String hash = org.xstudy.explain.ModelFingerprint.sha256(text);
        return Long.parseUnsignedLong(hash.substring(0, 16), 16);
    }

    private AttributionMethod source(Object id) {
        String name = id == null ? "occlusion" : id instanceof String s ? s : "";
        if (!sources.contains(name)) {
            throw new InvalidParamException("source", "source must be one of " + sources + ".");
        }
        return methods.apply(name);
    }
}
