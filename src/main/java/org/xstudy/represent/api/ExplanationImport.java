package org.xstudy.represent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xstudy.common.Actor;
import org.xstudy.common.Ownership;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.render.Scores;
import org.xstudy.study.spec.Payload;

/**
 * Imports explanations computed elsewhere (Captum, Thermostat, any tool) and stores them with provenance
 * {@code imported}: token scores with offsets, tokens plus an attribution array (aligned to the text; subword
 * pieces starting with {@code ##} join the previous word and their scores add up; special tokens are skipped), or a
 * free-text verbalization. Every bad entry is reported with its JSON pointer, and a file with any error stores
 * nothing.
 */
@ApplicationScoped
public class ExplanationImport {

    static final int MAX_ENTRIES = 5_000;
    static final Set<String> SPECIAL = Set.of("[CLS]", "[SEP]", "[PAD]", "<s>", "</s>", "<pad>", "[UNK]", "<unk>");

    /** One stored entry: its new id and the id it had in the file, if any. */
    public record Imported(long id, String externalId) {}

    @Inject
    RepresentationStore store;

    @Inject
    ObjectMapper json;

    private record Entry(String externalId, String text, String label, String method, String model,
            List<TokenScore> tokens, String verbalization) {}

    /** Stores every entry of the file as {@code who}'s, or nothing when any entry is bad. */
    public List<Imported> importFile(JsonNode root, Actor who) {
        Checks c = new Checks();
        JsonNode list = root == null ? null : root.get("explanations");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ENTRIES) {
            c.add("/explanations", "give an array of 1 to " + MAX_ENTRIES + " explanations");
            c.throwIfAny();
        }
        String source = root.path("source").isTextual() ? root.get("source").asText() : "imported file";
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Entry e = entry(list.get(i), "/explanations/" + i, c);
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
        row.params = store.write(params);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("provenance", Representation.IMPORTED);
        provenance.put("source", source);
        provenance.put("method", row.method);
        if (e.model() != null) {
            provenance.put("model", e.model());
        }
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
        String text = string(node, "text");
        c.text(text, p + "/text");
        String verbalization = string(node, "verbalization");
        JsonNode tokens = node.has("tokens") ? node.get("tokens") : node.get("raw_input_ids");
        JsonNode attributions = node.has("attributions") ? node.get("attributions") : node.get("word_attributions");
        String tokensAt = p + (node.has("tokens") ? "/tokens" : "/raw_input_ids");
        List<TokenScore> scores = null;
        if (tokens == null && verbalization == null) {
            c.add(p, "give tokens (with offsets, or with attributions) or a verbalization");
        } else if (tokens != null && (!tokens.isArray() || tokens.isEmpty())) {
            c.add(tokensAt, "must be a non-empty array");
        } else if (tokens != null && text != null) {
            if (tokens.get(0).isObject()) {
                scores = withOffsets(tokens, text, tokensAt, c);
            } else {
                String attributionsAt = p + (node.has("attributions") ? "/attributions" : "/word_attributions");
                scores = aligned(tokens, attributions, text, tokensAt, attributionsAt, c);
            }
        }
        return new Entry(string(node, "id"), text, string(node, "label"), string(node, "method"),
                string(node, "model"), scores, tokens == null ? verbalization : null);
    }

    private List<TokenScore> withOffsets(JsonNode tokens, String text, String p, Checks c) {
        List<TokenScore> out = new ArrayList<>();
        int errors = 0;
        for (int j = 0; j < tokens.size(); j++) {
            JsonNode t = tokens.get(j);
            if (!t.path("start").isInt() || !t.path("end").isInt() || !t.path("score").isNumber()) {
                c.add(p + "/" + j, "needs integer start and end and a numeric score");
                errors++;
                continue;
            }
            int start = t.get("start").asInt();
            int end = t.get("end").asInt();
            String token = t.path("token").isTextual() ? t.get("token").asText()
                    : start >= 0 && end <= text.length() && start < end ? text.substring(start, end) : "";
            out.add(new TokenScore(token, start, end, t.get("score").asDouble()));
        }
        if (errors == 0) {
            List<org.xstudy.common.Problem.FieldError> bad = Scores.errors(text, out, p);
            c.addAll(bad);
            for (int j = 0; j < out.size() && bad.isEmpty(); j++) {
                TokenScore s = out.get(j);
                if (!text.substring(s.start(), s.end()).equals(s.token())) {
                    c.add(p + "/" + j + "/token", "the text at [" + s.start() + ", " + s.end() + ") is '"
                            + text.substring(s.start(), s.end()) + "', not '" + s.token() + "'");
                }
            }
        }
        return out;
    }

    private List<TokenScore> aligned(JsonNode tokens, JsonNode attributions, String text, String tokensAt,
            String attributionsAt, Checks c) {
        if (attributions == null || !attributions.isArray() || attributions.size() != tokens.size()) {
            c.add(attributionsAt, "needs one number per token (" + tokens.size() + ")");
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        List<TokenScore> out = new ArrayList<>();
        int cursor = 0;
        for (int j = 0; j < tokens.size(); j++) {
            if (!tokens.get(j).isTextual()) {
                c.add(tokensAt + "/" + j, "must be a string");
                return null;
            }
            if (!attributions.get(j).isNumber()) {
                c.add(attributionsAt + "/" + j, "must be a number");
                return null;
            }
            String raw = tokens.get(j).asText();
            double score = attributions.get(j).asDouble();
            if (SPECIAL.contains(raw) || raw.isBlank()) {
                continue;
            }
            boolean continuation = raw.startsWith("##") && !out.isEmpty();
            String piece = raw.replaceFirst("^(##|\u0120|\u2581)", "");
            int at = piece.isEmpty() ? -1 : lower.indexOf(piece.toLowerCase(Locale.ROOT), cursor);
            if (at < 0) {
                c.add(tokensAt + "/" + j, "token '" + raw + "' is not in the text after offset " + cursor);
                return null;
            }
            if (continuation && at == cursor) {
                TokenScore last = out.remove(out.size() - 1);
                out.add(new TokenScore(text.substring(last.start(), at + piece.length()), last.start(),
                        at + piece.length(), last.score() + score));
            } else {
                out.add(new TokenScore(text.substring(at, at + piece.length()), at, at + piece.length(), score));
            }
            cursor = at + piece.length();
        }
        if (out.isEmpty()) {
            c.add(tokensAt, "no token of the text remains after skipping special tokens");
        }
        return out;
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
