package org.xstudy.model.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.xstudy.common.ProblemException;

/** Class names as a form field gives them: a JSON array, or names one per line or comma-separated. */
public final class LabelList {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelList() {
    }

    /**
     * The names in order; blank entries of a list are dropped.
     *
     * @throws ProblemException 400 naming {@code /labels} for a field that starts with {@code [} but is no JSON
     *         array of strings
     */
    public static List<String> parse(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        if (field.strip().startsWith("[")) {
            try {
                return JSON.readValue(field, new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                throw ProblemException.badField("/labels", "Give the labels as a JSON array of strings, or one per "
                        + "line or comma-separated.");
            }
        }
        return Arrays.stream(field.split("[,\\r\\n]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
