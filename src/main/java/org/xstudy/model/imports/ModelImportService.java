package org.xstudy.model.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
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
 * Imports researchers' models (an admin's files on the server, or any researcher's upload): validates the request,
 * copies the model file and {@code tokenizer.json} into the
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
    private final UploadValidation uploads;
    private final long uploadLimit;

    public ModelImportService(ModelRegistry registry, ModelHome home,
            @ConfigProperty(name = "xstudy.models.import-batch-size") int batchSize,
            @ConfigProperty(name = "xstudy.models.import-dir") Optional<String> importDir,
            @ConfigProperty(name = "xstudy.models.upload-limit") MemorySize uploadLimit) {
        this.registry = registry;
        this.home = home;
        this.batchSize = Math.max(1, batchSize);
        this.importDir = new ImportDirectory(importDir.filter(d -> !d.isBlank()).map(Path::of)
                .orElse(home.root().resolve("imports")));
        this.validation = new ImportValidation(this.importDir);
        this.uploadLimit = uploadLimit.asLongValue();
        this.uploads = new UploadValidation(this.uploadLimit);
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
        ImportedModel row = row(v.id(), v.format(), v.labels(), v.maxLength(), who);
        return install(row, v.model(), v.tokenizer(), false);
    }

    /**
     * Registers a model sent through the API or console as {@code who}'s: any researcher or admin may upload (not
     * viewers); the model is visible to its owner only. The files are validated like an import's, by a forward pass
     * and, for a model that follows the gradient convention, a backward pass on a probe text.
     *
     * @throws ProblemException 403 for viewers, 400 naming the field ({@code /model}, {@code /tokenizer},
     *         {@code /labels}, ...) for bad input or a model that fails on the probe, 409 for a taken id
     */
    public ModelInfo upload(ModelUpload upload, Actor who) {
        if (who.readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "Viewers cannot upload models."));
        }
        UploadValidation.Valid v = uploads.validate(upload);
        ImportedModel row = row(v.id(), v.format(), v.labels(), v.maxLength(), who);
        row.origin = "upload";
        row.name = v.name();
        if (v.card() != null) {
            row.cardSource = v.card().source();
            row.cardLicence = v.card().licence();
            row.cardTraining = v.card().trainingData();
        }
        return install(row, v.model(), v.tokenizer(), true);
    }

    /** The upload limit in bytes (setting {@code xstudy.models.upload-limit}). */
    public long uploadLimit() {
        return uploadLimit;
    }

    private static ImportedModel row(String id, String format, List<String> labels, int maxLength, Actor who) {
        ImportedModel row = new ImportedModel();
        row.id = id;
        row.ownerId = Ownership.of(who);
        row.format = format;
        row.labels(labels);
        row.maxLength = maxLength;
        return row;
    }

    /**
     * Copies the files into the cache, hashes, loads and probes the model, stores and registers it; on any failure
     * nothing is stored and no file is left behind. Errors of an upload name its fields ({@code /model},
     * {@code /tokenizer}) rather than the import's paths.
     */
    private ModelInfo install(ImportedModel row, Path modelSource, Path tokenizerSource, boolean uploaded) {
        if (registry.find(row.id).isPresent() || ImportedModel.findById(row.id) != null) {
            throw ProblemException.conflict("A model with id '" + row.id + "' is already registered.");
        }
        Path dir = home.imported(row.id);
        Loaded loaded = null;
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            Path model = dir.resolve("model." + ("onnx".equals(row.format) ? "onnx" : "pt"));
            Path tokenizer = dir.resolve("tokenizer.json");
            Files.copy(modelSource, model, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tokenizerSource, tokenizer, StandardCopyOption.REPLACE_EXISTING);
            row.modelPath = model.toString();
            row.tokenizerPath = tokenizer.toString();
            row.sha256 = ModelHome.sha256(model);
            loaded = load(row);
            QuarkusTransaction.requiringNew().run(row::persist);
        } catch (ImportException e) {
            deleteTree(dir);
            throw ProblemException.badField(uploaded ? uploadPointer(e.pointer()) : e.pointer(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot copy the model into " + dir, e);
        } catch (RuntimeException e) {
            close(loaded);
            deleteTree(dir);
            if (ImportedModel.findById(row.id) != null) {
                throw ProblemException.conflict("A model with id '" + row.id + "' is already registered.");
            }
            throw e;
        }
        ModelInfo info = info(row, loaded);
        registry.register(loaded.model(), info, row.ownerId);
        LOG.infof("%s %s model %s (sha256 %s)", uploaded ? "uploaded" : "imported", row.format, row.id, row.sha256);
        return info;
    }

    private static String uploadPointer(String pointer) {
        return switch (pointer) {
            case "/modelPath" -> "/model";
            case "/tokenizerPath" -> "/tokenizer";
            default -> pointer;
        };
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
        return new ModelInfo(row.id, row.labels(), row.format, row.sha256, loaded.capabilities(), null, row.name,
                ModelInfo.Card.of(row.cardSource, row.cardLicence, row.cardTraining));
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
