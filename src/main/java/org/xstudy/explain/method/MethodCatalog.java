package org.xstudy.explain.method;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every attribution method this server offers, by id. */
@ApplicationScoped
public class MethodCatalog {

    private final Map<String, AttributionMethod> methods = new LinkedHashMap<>();

    public MethodCatalog() {
        Saliency saliency = new Saliency();
        GradientTimesInput gxi = new GradientTimesInput();
        IntegratedGradients ig = new IntegratedGradients();
        List<GradientMethod> gradients = List.of(saliency, gxi, ig);
        gradients.forEach(this::add);
        add(new SmoothGrad(gradients));
        add(new Occlusion());
        add(new Lime());
        add(new KernelShap());
        add(new Anchors());
        List<String> sources = new ArrayList<>(methods.keySet());
        add(new Placebo(methods::get, sources));
    }

    private void add(AttributionMethod m) {
        methods.put(m.id(), m);
    }

    public Optional<AttributionMethod> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(methods.get(id));
    }

    /**
     * Whether an explanation made by {@code method} with the stored {@code params} has signed scores (see
     * {@link AttributionMethod#signed}); true for an unknown method or parameters that no longer resolve.
     */
    public boolean signed(String method, Map<String, ?> params) {
        AttributionMethod m = methods.get(method);
        if (m == null) {
            return true;
        }
        try {
            return m.signed(m.resolve(params));
        } catch (InvalidParamException stale) {
            return true;
        }
    }

    public List<AttributionMethod> all() {
        return List.copyOf(methods.values());
    }
}
