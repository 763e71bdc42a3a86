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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;
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
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_LABELS = 1000;
    static final int MAX_LABEL_LENGTH = 200;
    static final int MAX_LENGTH_LIMIT = 8192;

    private final ModelRegistry registry;
    private final ModelHome home;
    private final int batchSize;
    private final ImportDirectory importDir;

    public ModelImportService(ModelRegistry registry, ModelHome home,
            @ConfigProperty(name = "xstudy.models.import-batch-size") int batchSize,
            @ConfigProperty(name = "xstudy.models.import-dir") Optional<String> importDir) {
        this.registry = registry;
        this.home = home;
        this.batchSize = Math.max(1, batchSize);
        this.importDir = new ImportDirectory(importDir.filter(d -> !d.isBlank()).map(Path::of)
                .orElse(home.root().resolve("imports")));
    }

    /** The directory that model files are imported from. */
    public Path importDirectory() {
        return importDir.root();
    }

    /** A validated request. */
    private record Valid(String id, String format, Path model, Path tokenizer, List<String> labels, int maxLength) {}

    /** A loaded model with its capabilities. */
    private record Loaded(TextClassifier model, ModelInfo.Capabilities capabilities) {}

    /**
     * Imports a model from files in the import directory; only an admin may, since the files are the server's.
     *
     * @throws ProblemException 403 for anyone else, 400 naming the field for bad input, 409 for a taken id
     */
    public ModelInfo importModel(ImportRequest request, Actor by) {
        if (!by.isAdmin()) {
            throw new ProblemException(Problem.of(403, "Forbidden",
                    "Only an admin can import a model from files on the server."));
        }
        Valid v = validate(request);
        if (registry.find(v.id()).isPresent() || ImportedModel.findById(v.id()) != null) {
            throw ProblemException.conflict("A model with id '" + v.id() + "' is already registered.");
        }
        Path dir = home.imported(v.id());
        ImportedModel row = new ImportedModel();
        row.id = v.id();
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
        registry.register(loaded.model(), info);
        LOG.infof("imported %s model %s (sha256 %s)", row.format, row.id, row.sha256);
        return info;
    }

    void onStart(@Observes StartupEvent event) {
        List<ImportedModel> rows = QuarkusTransaction.requiringNew().call(() -> ImportedModel.<ImportedModel>listAll());
        for (ImportedModel row : rows) {
            try {
                if (!Files.isRegularFile(Path.of(row.modelPath)) || !row.sha256.equals(ModelHome.sha256(Path.of(row.modelPath)))) {
                    LOG.warnf("imported model %s not registered: %s is missing or its hash changed", row.id,
                            row.modelPath);
                    continue;
                }
                Loaded loaded = load(row);
                registry.register(loaded.model(), info(row, loaded));
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

    private Valid validate(ImportRequest r) {
        if (r == null) {
            throw ProblemException.badField("", "A JSON body is required.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.id() == null || !ID.matcher(r.id()).matches()) {
            errors.add(new Problem.FieldError("/id",
                    "Give an id of 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }
        Path model = file(r.modelPath(), "/modelPath", errors);
        Path tokenizer = file(r.tokenizerPath(), "/tokenizerPath", errors);
        String format = r.format() == null ? inferFormat(r.modelPath()) : r.format().toLowerCase(Locale.ROOT);
        if (!"onnx".equals(format) && !"torchscript".equals(format)) {
            errors.add(new Problem.FieldError("/format", r.format() == null
                    ? "Give the format (onnx or torchscript): it cannot be told from the file name."
                    : "The format must be onnx or torchscript."));
        }
        List<String> labels = r.labels() == null ? List.of() : r.labels();
        if (labels.size() < 2 || labels.size() > MAX_LABELS) {
            errors.add(new Problem.FieldError("/labels", "Give between 2 and " + MAX_LABELS + " label names."));
        } else {
            var seen = new HashSet<String>();
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                if (label == null || label.isBlank() || label.length() > MAX_LABEL_LENGTH || !seen.add(label)) {
                    errors.add(new Problem.FieldError("/labels/" + i,
                            "Label names must be non-blank, distinct and at most " + MAX_LABEL_LENGTH + " characters."));
                }
            }
        }
        int maxLength = r.maxLength() == null ? 512 : r.maxLength();
        if (maxLength < 2 || maxLength > MAX_LENGTH_LIMIT) {
            errors.add(new Problem.FieldError("/maxLength", "maxLength must be between 2 and " + MAX_LENGTH_LIMIT + "."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Valid(r.id(), format, model, tokenizer, List.copyOf(labels), maxLength);
    }

    private Path file(String value, String pointer, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(pointer, ImportDirectory.REFUSED));
            return null;
        }
        Optional<Path> file = importDir.file(value);
        if (file.isEmpty()) {
            errors.add(new Problem.FieldError(pointer, ImportDirectory.REFUSED));
        }
        return file.orElse(null);
    }

    private static String inferFormat(String path) {
        if (path == null) {
            return null;
        }
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".onnx") ? "onnx" : p.endsWith(".pt") || p.endsWith(".pth") ? "torchscript" : null;
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
