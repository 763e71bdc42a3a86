package org.xstudy.model.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;
import org.xstudy.common.Ownership;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.model.ModelHome;
import org.xstudy.model.ModelInfo;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Imports researchers' models: validates the request, copies the model file and {@code tokenizer.json} into the
 * model cache ({@code imported/<id>/}), loads and probes the model, stores the registration and registers the
 * model. At start-up every stored registration whose files still match their hash is registered again.
 */
@ApplicationScoped
public class ModelImportService {

    private static final Logger LOG = Logger.getLogger(ModelImportService.class);

    private final ModelRegistry registry;
    private final ModelHome home;
    private final int batchSize;
    private final ImportDirectory importDir;
    private final ImportValidation validation;

    public ModelImportService(ModelRegistry registry, ModelHome home,
            @ConfigProperty(name = "xstudy.models.import-batch-size") int batchSize,
            @ConfigProperty(name = "xstudy.models.import-dir") Optional<String> importDir) {
        this.registry = registry;
        this.home = home;
        this.batchSize = Math.max(1, batchSize);
        this.importDir = new ImportDirectory(importDir.filter(d -> !d.isBlank()).map(Path::of)
                .orElse(home.root().resolve("imports")));
        this.validation = new ImportValidation(this.importDir);
    }

    /** The directory that model files are imported from. */
    public Path importDirectory() {
        return importDir.root();
    }

    /** A loaded model with its capabilities. */
    private record Loaded(TextClassifier model, ModelInfo.Capabilities capabilities) {}

    /**
     * Imports a model from files in the import directory as {@code who}'s (only they, and admins, see and use it);
     * only an admin may import, since the files are the server's.
     *
     * @throws ProblemException 403 for anyone else, 400 naming the field for bad input, 409 for a taken id
     */
    public ModelInfo importModel(ImportRequest request, Actor who) {
        if (!who.isAdmin()) {
            throw new ProblemException(Problem.of(403, "Forbidden",
                    "Only an admin can import a model from files on the server."));
        }
        ImportValidation.Valid v = validation.validate(request);
        if (registry.find(v.id()).isPresent() || ImportedModel.findById(v.id()) != null) {
            throw ProblemException.conflict("A model with id '" + v.id() + "' is already registered.");
        }
        Path dir = home.imported(v.id());
        ImportedModel row = new ImportedModel();
        row.id = v.id();
        row.ownerId = Ownership.of(who);
        row.format = v.format();
        row.labels(v.labels());
        row.maxLength = v.maxLength();
        Loaded loaded = null;
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            Path model = dir.resolve("model." + ("onnx".equals(v.format()) ? "onnx" : "pt"));
            Path tokenizer = dir.resolve("tokenizer.json");
            Files.copy(v.model(), model, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(v.tokenizer(), tokenizer, StandardCopyOption.REPLACE_EXISTING);
            row.modelPath = model.toString();
            row.tokenizerPath = tokenizer.toString();
            row.sha256 = ModelHome.sha256(model);
            loaded = load(row);
            QuarkusTransaction.requiringNew().run(row::persist);
        } catch (ImportException e) {
            deleteTree(dir);
            throw ProblemException.badField(e.pointer(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot copy the model into " + dir, e);
        } catch (RuntimeException e) {
            close(loaded);
            deleteTree(dir);
            if (ImportedModel.findById(v.id()) != null) {
                throw ProblemException.conflict("A model with id '" + v.id() + "' is already registered.");
            }
            throw e;
        }
        ModelInfo info = info(row, loaded);
        registry.register(loaded.model(), info, row.ownerId);
        LOG.infof("imported %s model %s (sha256 %s)", row.format, row.id, row.sha256);
        return info;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            Files.createDirectories(importDir.root());
        } catch (IOException e) {
            LOG.warnf("the import directory %s cannot be created: %s", importDir.root(), e.getMessage());
        }
        List<ImportedModel> rows = QuarkusTransaction.requiringNew().call(() -> ImportedModel.<ImportedModel>listAll());
        for (ImportedModel row : rows) {
            try {
                if (!Files.isRegularFile(Path.of(row.modelPath)) || !row.sha256.equals(ModelHome.sha256(Path.of(row.modelPath)))) {
                    LOG.warnf("imported model %s not registered: %s is missing or its hash changed", row.id,
                            row.modelPath);
                    continue;
                }
                Loaded loaded = load(row);
                registry.register(loaded.model(), info(row, loaded), row.ownerId);
                LOG.infof("registered imported model %s", row.id);
            } catch (RuntimeException e) {
                LOG.warnf("imported model %s not registered: %s", row.id, e.getMessage());
            }
        }
    }

    /** Registers the stored imports again, as at start-up. */
    public void restore() {
        onStart(null);
    }

    private Loaded load(ImportedModel row) {
        PieceTokenizer tokenizer;
        try {
            tokenizer = PieceTokenizer.fromFile(Path.of(row.tokenizerPath), row.maxLength);
            tokenizer.tokenize("a probe text .");
        } catch (IOException | RuntimeException e) {
            throw new ImportException("/tokenizerPath", "The file is not a usable tokenizer.json: " + e.getMessage());
        }
        try {
            if ("onnx".equals(row.format)) {
                OnnxClassifier model = OnnxClassifier.load(row.id, Path.of(row.modelPath), tokenizer, row.labels(),
                        batchSize);
                return new Loaded(model, new ModelInfo.Capabilities(false,
                        "ONNX Runtime computes no gradients: model-agnostic methods only."));
            }
            TorchScriptClassifier.Loaded ts = TorchScriptClassifier.load(row.id, Path.of(row.modelPath), tokenizer,
                    row.labels(), batchSize);
            return new Loaded(ts.classifier(), ts.gradientProblem() == null
                    ? ModelInfo.Capabilities.of(ts.classifier())
                    : new ModelInfo.Capabilities(false, ts.gradientProblem()));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static ModelInfo info(ImportedModel row, Loaded loaded) {
        return new ModelInfo(row.id, row.labels(), row.format, row.sha256, loaded.capabilities(), null);
    }

    private static void close(Loaded loaded) {
        if (loaded != null && loaded.model() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing native resources of a model that failed to register
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove %s: %s", dir, e.getMessage());
        }
    }
}
