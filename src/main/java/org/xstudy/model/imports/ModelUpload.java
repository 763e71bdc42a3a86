package org.xstudy.model.imports;

import java.nio.file.Path;
import java.util.List;

/**
 * A model sent through the API or console (multipart): the model file and {@code tokenizer.json} as received
 * (temporary files, with the names the client gave), the class names, a display name, and the optional id, format,
 * token limit and model card. Absent files are null.
 */
public record ModelUpload(String name, String id, String format, String modelFileName, Path model, Path tokenizer,
        List<String> labels, Integer maxLength, String source, String licence, String trainingData) {}
