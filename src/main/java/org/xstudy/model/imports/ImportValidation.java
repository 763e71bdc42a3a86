package org.xstudy.model.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/** Validates an import request: id, files in the import directory, format, labels and token limit. */
final class ImportValidation {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_LABELS = 1000;
    static final int MAX_LABEL_LENGTH = 200;
    static final int MAX_LENGTH_LIMIT = 8192;

    /** A validated request; the paths are the real paths of the files in the import directory. */
    record Valid(String id, String format, Path model, Path tokenizer, List<String> labels, int maxLength) {}

    private final ImportDirectory importDir;

    ImportValidation(ImportDirectory importDir) {
        this.importDir = importDir;
    }

    /** Checks every field of a request; all field errors at once, as one 400 problem. */
    Valid validate(ImportRequest r) {
        if (r == null) {
            throw ProblemException.badField("", "A JSON body is required.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.id() == null || !ID.matcher(r.id()).matches()) {
            errors.add(new Problem.FieldError("/id", ID_RULE));
        }
        Path model = file(r.modelPath(), "/modelPath", errors);
        Path tokenizer = file(r.tokenizerPath(), "/tokenizerPath", errors);
        String format = format(r.format(), r.modelPath(), errors);
        List<String> labels = labels(r.labels(), errors);
        int maxLength = maxLength(r.maxLength(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Valid(r.id(), format, model, tokenizer, List.copyOf(labels), maxLength);
    }

    static final String ID_RULE =
            "Give an id of 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";

    /** The format given, or the one the file name tells; an error of {@code /format} when neither is known. */
    static String format(String given, String fileName, List<Problem.FieldError> errors) {
        String format = given == null ? inferFormat(fileName) : given.toLowerCase(Locale.ROOT);
        if (!"onnx".equals(format) && !"torchscript".equals(format)) {
            errors.add(new Problem.FieldError("/format", given == null
                    ? "Give the format (onnx or torchscript): it cannot be told from the file name."
                    : "The format must be onnx or torchscript."));
        }
        return format;
    }

    /** The class names: 2 to {@value #MAX_LABELS}, distinct, non-blank. */
    static List<String> labels(List<String> given, List<Problem.FieldError> errors) {
        List<String> labels = given == null ? List.of() : given;
        if (labels.size() < 2 || labels.size() > MAX_LABELS) {
            errors.add(new Problem.FieldError("/labels", "Give between 2 and " + MAX_LABELS + " label names."));
            return labels;
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isBlank() || label.length() > MAX_LABEL_LENGTH || !seen.add(label)) {
                errors.add(new Problem.FieldError("/labels/" + i,
                        "Label names must be non-blank, distinct and at most " + MAX_LABEL_LENGTH + " characters."));
            }
        }
        return labels;
    }

    /** The token limit, 512 when absent. */
    static int maxLength(Integer given, List<Problem.FieldError> errors) {
        int maxLength = given == null ? 512 : given;
        if (maxLength < 2 || maxLength > MAX_LENGTH_LIMIT) {
            errors.add(new Problem.FieldError("/maxLength", "maxLength must be between 2 and " + MAX_LENGTH_LIMIT + "."));
        }
        return maxLength;
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

    static String inferFormat(String path) {
        if (path == null) {
            return null;
        }
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".onnx") ? "onnx" : p.endsWith(".pt") || p.endsWith(".pth") ? "torchscript" : null;
    }
}
