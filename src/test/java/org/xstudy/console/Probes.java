package org.xstudy.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every researcher operation of {@code /q/openapi} (paths under {@code /api/} and {@code /console}) turned into
 * concrete requests against one researcher's objects: their ids in the path parameters, and bodies that name their
 * objects. A path parameter this class cannot fill fails the test, so a new endpoint is never skipped silently.
 */
final class Probes {

    /** How a request relates to the owner's objects, which decides what answers are leaks. */
    enum Kind {
        /** The path names one of the owner's objects: only 401, 403 or 404 are right. */
        PATH,
        /** Only the body names the owner's objects: 400, 401, 403, 404 or 422 naming the field are right. */
        BODY,
        /** Makes the caller's own object from the owner's exact input: must not hand back the owner's object. */
        OWN,
        /** Names nothing (lists, forms, imports): the answer must not show the owner's texts. */
        OPEN
    }

    /** One concrete request. {@code operation} is the OpenAPI method and path template. */
    record Probe(String operation, String method, String path, String contentType, Map<String, Object> body,
            Kind kind) {
        /** Whether the request itself holds the owner's text, which an answer may then echo. */
        boolean holdsSecret() {
            return path.contains(OwnedObjects.SECRET) || String.valueOf(body).contains(OwnedObjects.SECRET);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body.keySet());
        }
    }

    /**
     * Operations that name no object and would spoil the walk: the caller's own session and password (they would
     * end it), and training the demo models (minutes of CPU in the background).
     */
    static final Set<String> SKIPPED = Set.of("POST /console/login", "POST /console/logout",
            "POST /console/password", "GET /console/login", "POST /console/models/train-demo");

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)[^}]*}");
    private final OwnedObjects a;
    private final long collaborator;
    private final String importedModel;

    Probes(OwnedObjects a, long collaborator, String importedModel) {
        this.a = a;
        this.collaborator = collaborator;
        this.importedModel = importedModel;
    }

    /** The probes for every operation of the OpenAPI document, deletes last (so nothing is gone too early). */
    List<Probe> all(String openapi) throws Exception {
        JsonNode paths = new ObjectMapper().readTree(openapi).get("paths");
        List<Probe> out = new ArrayList<>();
        List<Probe> deletes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String template = PARAM.matcher(path.getKey()).replaceAll("{$1}");
            if (!template.startsWith("/api/") && !template.startsWith("/console")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)
                        || SKIPPED.contains(method + " " + template)) {
                    continue;
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                String type = content.isObject() && content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                (method.equals("DELETE") ? deletes : out).addAll(probes(method, template, type));
            }
        }
        out.addAll(deletes);
        return out;
    }

    private List<Probe> probes(String method, String template, String type) {
        String operation = method + " " + template;
        List<Probe> out = new ArrayList<>();
        for (String path : paths(template)) {
            boolean named = PARAM.matcher(template).results().anyMatch(m -> !m.group(1).equals("kind")
                    && !m.group(1).equals("action"));
            List<Map<String, Object>> bodies = method.equals("GET") || method.equals("DELETE") ? List.of(Map.of())
                    : bodies(operation);
            for (Map<String, Object> body : bodies) {
                Kind kind = named ? Kind.PATH : body.containsKey("model") && importedModel.equals(body.get("model"))
                        ? Kind.BODY : kind(operation, method);
                out.add(new Probe(operation, method, path, type, body.isEmpty() ? null : body, kind));
            }
        }
        return out;
    }

    private static Kind kind(String operation, String method) {
        if (operation.equals("POST /api/explanations")) {
            return Kind.OWN;
        }
        return method.equals("GET") || !NAMING.contains(operation) ? Kind.OPEN : Kind.BODY;
    }

    /** Operations without ids in the path whose bodies below name the owner's objects. */
    private static final Set<String> NAMING = Set.of("POST /api/studies", "POST /api/explanations/agreement",
            "POST /api/precompute-jobs", "POST /api/representations/{kind}", "POST /api/representations/{kind}/preview",
            "POST /api/representations/side-by-side", "POST /api/representations/heatmap.svg",
            "POST /api/representations/heatmap.png", "POST /console/precompute", "POST /console/studies/new",
            "POST /console/studies/new/wizard");

    private List<Map<String, Object>> bodies(String operation) {
        Map<String, Object> byExplanation = Map.of("explanation", a.explanation(), "label", "pos");
        Map<String, Object> bySource = Map.of("source", a.representation(), "label", "pos");
        return switch (operation) {
            case "POST /api/studies" -> List.of(OwnedObjects.spec(freshSlug(), a.representation()));
            case "PUT /api/studies/{id}" -> List.of(OwnedObjects.spec(a.slug(), a.representation()));
            case "POST /console/studies/new" -> List.of(Map.of("text",
                    json(OwnedObjects.spec(freshSlug(), a.representation()))));
            case "POST /api/explanations" -> List.of(Map.of("text", OwnedObjects.TEXT, "model", OwnedObjects.MODEL,
                    "method", "occlusion"),
                    Map.of("text", "probe text", "model", importedModel, "method", "occlusion"));
            case "POST /api/explanations/agreement" -> List.of(Map.of("ids",
                    List.of(a.explanation(), a.explanation2())));
            case "POST /api/precompute-jobs" -> List.of(job("studyId", a.study()), job("datasetId", a.dataset()));
            case "POST /console/precompute" -> List.of(
                    Map.of("model", OwnedObjects.MODEL, "methods", "occlusion", "items", "study:" + a.study()),
                    Map.of("model", OwnedObjects.MODEL, "methods", "occlusion", "items", "dataset:" + a.dataset()));
            case "POST /console/studies/new/wizard" -> List.of(Map.of("title", "Wizard probe", "slug", freshSlug(),
                    "source", "dataset", "dataset", Long.toString(a.dataset()), "model", OwnedObjects.MODEL,
                    "method", "occlusion", "count", "1", "selection", "first", "types", "heatmap"));
            case "POST /api/representations/{kind}", "POST /api/representations/{kind}/preview",
                    "POST /api/representations/side-by-side", "POST /api/representations/heatmap.svg",
                    "POST /api/representations/heatmap.png" -> List.of(byExplanation, bySource);
            case "PUT /api/representations/{id}" -> List.of(Map.of("budgetWords", 10));
            case "POST /console/studies/{id}/collaborators" -> List.of(Map.of("email", "{caller}", "access", "editor"));
            default -> List.of(generic());
        };
    }

    /** A body for any other operation: every field name that refers to an object, with the owner's ids. */
    private Map<String, Object> generic() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studyId", a.study());
        m.put("datasetId", a.dataset());
        m.put("explanation", a.explanation());
        m.put("source", a.representation());
        m.put("ids", List.of(a.explanation(), a.explanation2()));
        m.put("model", OwnedObjects.MODEL);
        m.put("text", "probe text");
        return m;
    }

    private static Map<String, Object> job(String field, long id) {
        return Map.of("model", OwnedObjects.MODEL, "methods", List.of("occlusion"), field, id);
    }

    private List<String> paths(String template) {
        List<String> out = new ArrayList<>(List.of(template));
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String param = m.group(1);
            List<String> next = new ArrayList<>();
            for (String path : out) {
                for (String value : values(template, param)) {
                    next.add(path.replace("{" + param + "}", value));
                }
            }
            out = next;
        }
        return out;
    }

    private List<String> values(String template, String param) {
        return switch (param) {
            case "id" -> List.of(idFor(template));
            case "itemId" -> List.of(Long.toString(a.item()));
            case "user" -> List.of(Long.toString(collaborator));
            case "decision" -> List.of("1");
            case "kind" -> List.of("heatmap");
            case "action" -> template.contains("/prolific/") ? List.of("publish", "pause", "resume")
                    : template.contains("/precompute") ? List.of("cancel", "resume")
                    : template.contains("/confirm/") ? List.of("open", "close") : List.of("open", "pause", "close");
            default -> throw new AssertionError("No value for path parameter {" + param + "} of " + template
                    + ": teach " + Probes.class.getSimpleName() + " which object it names");
        };
    }

    private String idFor(String template) {
        String[] parts = template.split("/");
        String collection = "";
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("{id}")) {
                collection = parts[i - 1];
                break;
            }
        }
        return switch (collection) {
            case "studies" -> Long.toString(a.study());
            case "datasets" -> Long.toString(a.dataset());
            case "precompute-jobs", "precompute" -> Long.toString(a.job());
            case "explanations" -> Long.toString(a.explanation());
            case "representations" -> Long.toString(a.representation());
            case "tokens" -> Long.toString(a.tokenId());
            case "users" -> Long.toString(a.owner().actor().id());
            case "models" -> importedModel;
            default -> throw new AssertionError("No object for {id} after '" + collection + "' in " + template
                    + ": teach " + Probes.class.getSimpleName() + " which object it names");
        };
    }

    private static String freshSlug() {
        return "probe-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
