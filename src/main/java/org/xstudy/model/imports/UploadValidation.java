package org.xstudy.model.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.model.ModelInfo;

/**
 * Validates an upload: a name, both files present and within the upload limit, the format, labels, token limit and
 * model card. Without an id, one is made from the name and a random suffix (so that nobody learns another
 * researcher's model ids from a clash).
 */
final class UploadValidation {

    static final int MAX_NAME = 200;
    static final int MAX_CARD_FIELD = 5000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A validated upload. */
    record Valid(String id, String name, String format, Path model, Path tokenizer, List<String> labels,
            int maxLength, ModelInfo.Card card) {}

    private final long limit;

    UploadValidation(long limit) {
        this.limit = limit;
    }

    /** Checks every field; all field errors at once, as one 400 problem. */
    Valid validate(ModelUpload u) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String name = strip(u.name());
        if (name == null || name.length() > MAX_NAME) {
            errors.add(new Problem.FieldError("/name", "Give the model a name of 1 to " + MAX_NAME + " characters."));
        }
        String id = strip(u.id());
        if (id != null && !ImportValidation.ID.matcher(id).matches()) {
            errors.add(new Problem.FieldError("/id", ImportValidation.ID_RULE));
        }
        file(u.model(), "/model", "the model file (.pt or .onnx)", errors);
        file(u.tokenizer(), "/tokenizer", "the tokenizer.json the model was trained with", errors);
        String format = ImportValidation.format(strip(u.format()), u.modelFileName(), errors);
        List<String> labels = ImportValidation.labels(u.labels(), errors);
        int maxLength = ImportValidation.maxLength(u.maxLength(), errors);
        String source = card(u.source(), "/source", errors);
        String licence = card(u.licence(), "/licence", errors);
        String training = card(u.trainingData(), "/trainingData", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Valid(id == null ? idFrom(name) : id, name, format, u.model(), u.tokenizer(), List.copyOf(labels),
                maxLength, ModelInfo.Card.of(source, licence, training));
    }

    private void file(Path file, String pointer, String what, List<Problem.FieldError> errors) {
        try {
            if (file == null || !Files.isRegularFile(file) || Files.size(file) == 0) {
                errors.add(new Problem.FieldError(pointer, "Attach " + what + "."));
            } else if (Files.size(file) > limit) {
                errors.add(new Problem.FieldError(pointer, "The file is larger than the upload limit of " + limit
                        + " bytes (setting xstudy.models.upload-limit)."));
            }
        } catch (IOException e) {
            errors.add(new Problem.FieldError(pointer, "Attach " + what + "."));
        }
    }

    private static String card(String value, String pointer, List<Problem.FieldError> errors) {
        String v = strip(value);
        if (v != null && v.length() > MAX_CARD_FIELD) {
            errors.add(new Problem.FieldError(pointer, "At most " + MAX_CARD_FIELD + " characters."));
        }
        return v;
    }

    /** A lower-case slug of the name (at most 40 characters) and 6 random hex digits. */
    static String idFrom(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        slug = slug.length() > 40 ? slug.substring(0, 40).replaceAll("-+$", "") : slug;
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return (slug.isEmpty() ? "model" : slug) + "-" + HexFormat.of().formatHex(random);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
