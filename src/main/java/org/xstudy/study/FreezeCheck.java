package org.xstudy.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Nothing unfaithful is frozen silently: a referenced verbalization whose faithfulness check failed
 * ({@code provenance.check.faithful: false}) is frozen only when the spec gives {@code provenance.override} with the
 * researcher's reason next to the reference; the reason is recorded in the frozen payload's provenance.
 */
final class FreezeCheck {

    private FreezeCheck() {}

    /**
     * Null when {@code frozen} may be frozen (its override, if any, recorded in it), else why not.
     *
     * @param frozen the resolved payload
     * @param given the spec's payload object with the reference
     */
    static String refusal(ObjectNode frozen, JsonNode given) {
        JsonNode check = frozen.path("provenance").path("check");
        if (!check.path("faithful").isBoolean() || check.get("faithful").asBoolean()) {
            return null;
        }
        String override = given.path("provenance").path("override").asText("").strip();
        if (!override.isEmpty()) {
            ((ObjectNode) frozen.get("provenance")).put("override", override);
            return null;
        }
        StringBuilder found = new StringBuilder();
        for (JsonNode f : check.path("findings")) {
            found.append(found.length() == 0 ? "" : "; ").append(f.path("error").asText()).append(" \"")
                    .append(f.path("stated").asText()).append("\" (").append(f.path("reason").asText()).append(')');
        }
        return "This verbalization fails the faithfulness check: " + found
                + ". To freeze it anyway, give provenance.override with your reason.";
    }
}
