package org.xstudy.analysis.ordinal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The study's reproducible R analysis script: it reads the long CSV export, keeps the participants the exclusion
 * rules keep, and fits {@code lme4::glmer} on simulation correctness and {@code ordinal::clmm} on each rating scale,
 * writing every estimate as CSV (columns model, response, kind, term, estimate, std_error). The template is
 * {@code analysis-template.R} beside this class; only the study's slug and condition order are filled in, as R
 * string literals.
 */
public final class AnalysisScript {

    private static final String TEMPLATE = load();

    private AnalysisScript() {
    }

    /** The script for a study whose conditions, reference first, are {@code conditions}. */
    public static String render(String slug, List<String> conditions) {
        return TEMPLATE.replace("@SLUG@", RLiteral.of(slug)).replace("@CONDITIONS@", RLiteral.vector(conditions))
                .replace("@CLMM_FORMULA@", RatingModels.FORMULA);
    }

    private static String load() {
        try (InputStream in = AnalysisScript.class.getResourceAsStream("analysis-template.R")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
