package org.xstudy.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import org.xstudy.explain.Explanation;
import org.xstudy.represent.api.Representation;
import org.xstudy.represent.api.RepresentationStore;

/**
 * The faithfulness scores stored with what a study froze by reference ({@code "ref": "representation:<id>"}): the
 * representation's own result (a rationale's ERASER scores), else the metrics of the explanation it was made from.
 * Only the version the study froze counts; a regenerated representation no longer speaks for it, and only objects
 * of the study's owner count (a pasted provenance naming someone else's representation shows nothing).
 */
@ApplicationScoped
public class StoredScores {

    @Inject
    ObjectMapper json;

    /** The {@code faithfulness} object for a payload's provenance, or an empty map. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<?, ?> faithfulness(Map<String, Object> provenance, String studyOwner) {
        if (!(provenance.get("representationId") instanceof Number id)
                || !(provenance.get("version") instanceof Number version)) {
            return Map.of();
        }
        Representation row = Representation.findById(id.longValue());
        if (row == null || row.version != version.intValue() || !ownedBy(row.ownerId, studyOwner)) {
            return Map.of();
        }
        JsonNode found = read(row.result).path("faithfulness");
        String from = row.source == null ? "" : row.source;
        if (!found.isObject() && from.matches(RepresentationStore.EXPLANATION_SOURCE + "\\d{1,18}")) {
            Explanation e = Explanation.findById(Long.parseLong(from.substring(from.indexOf(':') + 1)));
            JsonNode metrics = e == null || !ownedBy(e.ownerId, studyOwner) ? null : read(e.metrics);
            found = metrics == null ? found : metrics.path("faithfulness");
            // the model-randomisation sanity check (docs/methods.md) is shown with the faithfulness scores
            // (its score, or why the method or model was not checked)
            JsonNode sanity = metrics == null ? null : metrics.path("sanity");
            if (sanity != null && found.isObject() && sanity.path("score").isNumber()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) found).set("sanity", sanity.path("score"));
            } else if (sanity != null && found.isObject() && sanity.path("reason").isTextual()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) found).put("sanity",
                        "not checked: " + sanity.path("reason").asText());
            }
        }
        return found.isObject() ? json.convertValue(found, Map.class) : Map.of();
    }

    private static boolean ownedBy(Long ownerId, String studyOwner) {
        return ownerId != null && ownerId.toString().equals(studyOwner);
    }

    private JsonNode read(String value) {
        try {
            return value == null ? json.nullNode() : json.readTree(value);
        } catch (JsonProcessingException e) {
            return json.nullNode();
        }
    }
}
