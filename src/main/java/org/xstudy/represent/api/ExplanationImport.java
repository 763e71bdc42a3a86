package org.xstudy.represent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.common.Actor;
import org.xstudy.common.Ownership;
import org.xstudy.explain.TokenScore;
import org.xstudy.study.spec.Payload;

/**
 * Imports explanations computed elsewhere (Captum, Thermostat, any tool) and stores them with provenance
 * {@code imported}: token scores with offsets, tokens plus an attribution array (merged into words, see
 * {@link Subwords}, and aligned to the text), Thermostat records (see {@link ThermostatRecord}; their text is
 * rebuilt from the tokens when absent), or a free-text verbalization. A JSON file lists them under
 * {@code explanations}; a JSONL body has one per line. Every bad entry is reported with its JSON pointer, and a
 * file with any error stores nothing.
 */
@ApplicationScoped
public class ExplanationImport {

    static final int MAX_ENTRIES = 5_000;

    /** One stored entry: its new id and the id it had in the file, if any. */
    public record Imported(long id, String externalId) {}

    @Inject
    RepresentationStore store;

    @Inject
    ObjectMapper json;

    private record Entry(String externalId, String text, String label, String method, String model,
            List<TokenScore> tokens, String verbalization, ThermostatRecord thermostat) {}

    /** Stores every entry of the file as {@code who}'s, or nothing when any entry is bad. */
    public List<Imported> importFile(JsonNode root, Actor who) {
        Checks c = new Checks();
        JsonNode list = root == null ? null : root.get("explanations");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ENTRIES) {
            c.add("/explanations", "give an array of 1 to " + MAX_ENTRIES + " explanations");
            c.throwIfAny();
        }
        List<JsonNode> records = new ArrayList<>();
        list.forEach(records::add);
        String source = root.path("source").isTextual() ? root.get("source").asText() : "imported file";
        return importRecords(records, "/explanations/", source, c, who);
    }

    /** Stores every line of a JSONL body (one record per line; pointers are {@code /<line index>}), or nothing. */
    public List<Imported> importLines(String body, String source, Actor who) {
        Checks c = new Checks();
        String[] lines = body == null ? new String[0] : body.split("\r?\n");
        int count = lines.length;
        while (count > 0 && lines[count - 1].isBlank()) {
            count--;
        }
        if (count == 0 || count > MAX_ENTRIES) {
            c.add("", "give 1 to " + MAX_ENTRIES + " explanations, one JSON object per line");
            c.throwIfAny();
        }
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                records.add(lines[i].isBlank() ? null : json.readTree(lines[i]));
            } catch (JsonProcessingException e) {
                c.add("/" + i, "line " + (i + 1) + " is not valid JSON");
                records.add(com.fasterxml.jackson.databind.node.MissingNode.getInstance()); // reported above
            }
        }
        return importRecords(records, "/", source == null || source.isBlank() ? "imported file" : source, c, who);
    }

    private List<Imported> importRecords(List<JsonNode> records, String prefix, String source, Checks c, Actor who) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) != null && records.get(i).isMissingNode()) {
                continue;
            }
            Entry e = entry(records.get(i), prefix + i, c);
            if (e != null) {
                entries.add(e);
            }
        }
        c.throwIfAny();
        return QuarkusTransaction.requiringNew().call(() -> entries.stream().map(e -> store(e, source, who)).toList());
    }

    private Imported store(Entry e, String source, Actor who) {
        Representation row = new Representation();
        row.ownerId = Ownership.of(who);
        row.kind = e.tokens() != null ? Payload.TOKEN_SCORES : Payload.TEXT;
        row.provenance = Representation.IMPORTED;
        row.method = e.method() == null ? "imported" : e.method();
        row.text = e.text();
        row.label = e.label();
        row.source = source;
        row.version = 1;
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("text", e.text());
        params.put("scores", e.tokens());
        params.put("label", e.label());
        params.put("model", e.model());
        params.put("externalId", e.externalId());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("provenance", Representation.IMPORTED);
        provenance.put("source", source);
        provenance.put("method", row.method);
        if (e.model() != null) {
            provenance.put("model", e.model());
        }
        ThermostatRecord t = e.thermostat();
        if (t != null) {
            params.put("probability", t.probability());
            params.put("prediction", t.prediction());
            params.put("predictionProbability", t.probability());
            params.put("thermostat", t.provenance());
            provenance.put("thermostat", t.provenance());
        }
        row.params = store.write(params);
        row.payload = store.write(new Payload(row.kind, null, row.method, e.tokens(), e.verbalization(), null, null,
                null, provenance));
        row.result = "{}";
        row.persist();
        return new Imported(row.id, e.externalId());
    }

    private Entry entry(JsonNode node, String p, Checks c) {
        if (node == null || !node.isObject()) {
            c.add(p, "must be an object");
            return null;
        }
        boolean isThermostat = ThermostatRecord.is(node);
        ThermostatRecord thermostat = isThermostat ? ThermostatRecord.read(node, p, c) : null;
        String text = string(node, "text");
        boolean rebuild = text == null && isThermostat;
        if (!rebuild) {
            c.text(text, p + "/text");
        }
        String verbalization = string(node, "verbalization");
        JsonNode tokens = node.has("tokens") ? node.get("tokens") : node.get("raw_input_ids");
        JsonNode attributions = node.has("attributions") ? node.get("attributions") : node.get("word_attributions");
        String tokensAt = p + (node.has("tokens") ? "/tokens" : "/raw_input_ids");
        List<TokenScore> scores = null;
        if (tokens == null && verbalization == null) {
            c.add(isThermostat ? p + "/tokens" : p, isThermostat
                    ? "give the decoded tokens, one per input id: input ids cannot be decoded here"
                    : "give tokens (with offsets, or with attributions) or a verbalization");
        } else if (tokens != null && (!tokens.isArray() || tokens.isEmpty())) {
            c.add(tokensAt, "must be a non-empty array");
        } else if (tokens != null && tokens.get(0).isObject()) {
            scores = text == null ? null : ImportedTokens.withOffsets(tokens, text, tokensAt, c);
        } else if (tokens != null) {
            String attributionsAt = p + (node.has("attributions") ? "/attributions" : "/word_attributions");
            List<Subwords.Word> words = ImportedTokens.words(tokens, attributions, tokensAt, attributionsAt, c);
            if (rebuild && words != null) {
                text = Subwords.text(words);
                c.text(text, p + "/text");
            }
            scores = words == null || text == null ? null : ImportedTokens.aligned(words, text, tokensAt, c);
        }
        String label = thermostat != null ? thermostat.prediction() : string(node, "label");
        String method = string(node, "method") != null || thermostat == null ? string(node, "method")
                : thermostat.explainer();
        String model = string(node, "model") != null || thermostat == null ? string(node, "model") : thermostat.model();
        return new Entry(string(node, "id"), text, label, method, model, scores,
                tokens == null ? verbalization : null, thermostat);
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
