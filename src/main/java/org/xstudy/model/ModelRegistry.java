package org.xstudy.model;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xstudy.common.Actor;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Ownership;

/**
 * The classifiers this server can explain, by id: the demo models once trained (shared with everyone on purpose),
 * and imported models, which belong to the researcher who imported them. In a researcher's request another
 * researcher's imported model is not found, listed or usable; work done for nobody in particular (start-up,
 * precompute jobs, whose model was checked when they were started) sees every model.
 */
@ApplicationScoped
public class ModelRegistry {

    /** The owner of an imported model whose importer is unknown: admins only. */
    private static final long UNKNOWN = 0;

    private final Map<String, TextClassifier> models = new ConcurrentHashMap<>();
    private final Map<String, ModelInfo> infos = new ConcurrentHashMap<>();
    private final Map<String, Long> owners = new ConcurrentHashMap<>();

    @Inject
    CurrentResearcher researcher;

    public void register(TextClassifier model) {
        register(model, ModelInfo.of(model));
    }

    /** Registers (or replaces) a shared model with its description. */
    public void register(TextClassifier model, ModelInfo info) {
        if (!model.id().equals(info.id())) {
            throw new IllegalArgumentException("model id " + model.id() + " differs from info id " + info.id());
        }
        owners.remove(model.id());
        infos.put(model.id(), info);
        models.put(model.id(), model);
    }

    /** Registers (or replaces) a researcher's imported model; {@code owner} null means unknown (admins only). */
    public void register(TextClassifier model, ModelInfo info, Long owner) {
        register(model, info);
        owners.put(model.id(), owner == null ? UNKNOWN : owner);
    }

    public Optional<TextClassifier> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(models.get(id)).filter(m -> usable(m.id()));
    }

    public Optional<ModelInfo> info(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(infos.get(id)).filter(m -> usable(m.id()));
    }

    public List<TextClassifier> all() {
        return models.values().stream().filter(m -> usable(m.id())).sorted(Comparator.comparing(TextClassifier::id))
                .toList();
    }

    public List<ModelInfo> infos() {
        return infos.values().stream().filter(m -> usable(m.id())).sorted(Comparator.comparing(ModelInfo::id))
                .toList();
    }

    /** Removes a model; returns it so the caller can release its resources. */
    public Optional<TextClassifier> remove(String id) {
        infos.remove(id);
        owners.remove(id);
        return Optional.ofNullable(models.remove(id));
    }

    private boolean usable(String id) {
        Long owner = owners.get(id);
        if (owner == null) {
            return true;
        }
        Actor who = acting();
        return who == null || Ownership.visible(owner == UNKNOWN ? null : owner, who);
    }

    /** The researcher of the current request, or null outside one. */
    private Actor acting() {
        var context = Arc.container().requestContext();
        return context.isActive() && researcher.present() ? researcher.actor() : null;
    }
}
