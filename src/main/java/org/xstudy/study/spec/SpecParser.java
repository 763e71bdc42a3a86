package org.xstudy.study.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import org.xstudy.common.JsonPointers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.xstudy.common.ProblemException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a study specification from JSON or YAML text, validates it, and binds it to {@link StudySpec}. Every
 * problem is reported at once as a {@link ProblemException} naming each bad field by its JSON pointer.
 */
public final class SpecParser {

    /**
     * Code points the YAML reader accepts. The size limit of a specification is the request body limit,
     * {@code quarkus.http.limits.max-body-size} ({@code XSTUDY_MAX_BODY}, 2 MB; docs/reliability.md): one setting,
     * enforced before the body is read. This bound only keeps the YAML reader's own default (3 MB) from being a
     * second, lower limit when that setting is raised.
     */
    private static final int YAML_CODE_POINTS = Integer.MAX_VALUE;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64).maxStringLength(100_000).maxNumberLength(50).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper YAML;

    static {
        JSON.getFactory().setStreamReadConstraints(LIMITS);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(64);
        options.setCodePointLimit(YAML_CODE_POINTS);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
        factory.setStreamReadConstraints(LIMITS);
        YAML = new YAMLMapper(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private SpecParser() {}

    /** True for media types that carry YAML. */
    public static boolean isYaml(String mediaType) {
        return mediaType != null && mediaType.toLowerCase().contains("yaml");
    }

    /** Parses, validates and binds; throws a 400 problem listing every error. */
    public static StudySpec parse(String body, boolean yaml) {
        return bind(validated(read(body, yaml)));
    }

    /** Parses text into a tree; throws a 400 problem for text that is not well-formed. */
    public static JsonNode read(String body, boolean yaml) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badField("", "The request body is empty; send a study specification.");
        }
        ObjectMapper mapper = yaml ? YAML : JSON;
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonNode node;
            try {
                node = mapper.readTree(parser);
            } catch (JsonProcessingException e) {
                String limit = JsonPointers.limitExceeded(e);
                if (limit != null) {
                    // the parser stands where the limit was passed: name that place, not the whole body
                    throw ProblemException.badField(JsonPointers.at(parser), limit);
                }
                throw e;
            }
            if (node == null || node.isMissingNode()) {
                throw ProblemException.badField("", "The request body is empty; send a study specification.");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ProblemException.badField("", "The specification is not well-formed " + (yaml ? "YAML" : "JSON")
                    + where + ".");
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ProblemException.badField("", "The specification could not be read as " + (yaml ? "YAML." : "JSON."));
        }
    }

    /** Validates a tree (normalising it in place); throws a 400 problem listing every error. */
    public static JsonNode validated(JsonNode tree) {
        List<org.xstudy.common.Problem.FieldError> errors = SpecValidator.validate(tree);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return tree;
    }

    /** Binds a validated tree. */
    public static StudySpec bind(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, StudySpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ProblemException.badField("", "The specification has a value of the wrong type.");
        }
    }

    /** The tree of a spec, for storage. */
    public static JsonNode tree(StudySpec spec) {
        return JSON.valueToTree(spec);
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
