package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for Prolific's researcher API ({@code /api/v1/}) inside the test JVM, speaking the documented protocol
 * (docs/prolific.md lists what it reproduces): {@code Authorization: Token <token>} (401 otherwise), studies created
 * as UNPUBLISHED drafts with completion codes whose {@code code_type} must be one of Prolific's, study transitions
 * (PUBLISH, PAUSE, START, STOP) with 400 for a move the status does not allow, paged submission lists
 * ({@code results}, {@code _links.next.href}, {@code meta.count}), submission transitions (APPROVE; REJECT only with
 * a message of at least 100 characters and a rejection category), bulk approval, bulk bonuses created from
 * {@code csv_bonuses} and paid by a second call that is not idempotent (paying twice pays twice) and may show its
 * payments only later (Prolific pays asynchronously), one hook secret per workspace (replaced by the next),
 * subscriptions enabled by their {@code X-Hook-Secret} confirmation, signed {@code submission.status.change}
 * deliveries with the documented body, and 429 with {@code Retry-After}. It records every call and every bonus
 * paid, and can hold the answer to a call it carried out while a test kills the caller. Tests drive the
 * participants' side (joining, completing, returning) through its methods. It is a plain JDK HTTP server, so the
 * in-JVM tests ({@link StandInProlificResource}) and the packaged-server test (ProlificBonusCrashIT) use the same
 * protocol implementation.
 */
public final class StandInProlificApi implements AutoCloseable {

    /** One request as it arrived, and the status it was answered with. */
    public record Call(String method, String path, String authorization, String body, int status) {
        public String line() {
            return method + " " + path;
        }
    }

    static final Set<String> CODE_TYPES = Set.of("COMPLETED", "FAILED_ATTENTION_CHECK", "FOLLOW_UP_STUDY",
            "GIVE_BONUS", "INCOMPATIBLE_DEVICE", "NO_CONSENT", "OTHER", "FIXED_SCREENOUT");
    static final Set<String> CODE_ACTIONS = Set.of("AUTOMATICALLY_APPROVE", "MANUALLY_REVIEW", "REQUEST_RETURN",
            "ADD_TO_PARTICIPANT_GROUP", "REMOVE_FROM_PARTICIPANT_GROUP", "DYNAMIC_PAYMENT", "FIXED_SCREEN_OUT_PAYMENT");
    static final Set<String> REJECTION_CATEGORIES = Set.of("TOO_QUICKLY", "TOO_SLOWLY", "FAILED_INSTRUCTIONS",
            "INCOMP_LONGITUDINAL", "FAILED_CHECK", "LOW_EFFORT", "MALINGERING", "NO_CODE", "BAD_CODE", "NO_DATA",
            "UNSUPP_DEVICE", "OTHER");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> studies = new LinkedHashMap<>();
    private final Map<String, ObjectNode> submissions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> bulkBonuses = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> confirmations = new LinkedHashMap<>();
    private final List<ObjectNode> subscriptions = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpClient hookClient = HttpClient.newHttpClient();
    private volatile int throttled;
    private volatile int retryAfterSeconds = 1;
    private volatile boolean loseHooks;
    private volatile PayFault payFault = PayFault.NONE;
    private volatile int pageSize = 2;
    private volatile String hookOrigin;
    private final List<String> codes = new CopyOnWriteArrayList<>();
    private final AtomicInteger hooksDelivered = new AtomicInteger();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private final List<Payment> payments = new CopyOnWriteArrayList<>();
    private final List<Payment> unseen = new ArrayList<>();
    private volatile boolean deferPayments;
    private final AtomicInteger hooksFailed = new AtomicInteger();

    /** How the next pay call goes wrong, as if xstudy were killed around it. */
    public enum PayFault {
        NONE,
        /** The connection drops before Prolific pays: nothing is paid, xstudy sees no answer. */
        DROP_BEFORE_PAYING,
        /** Prolific pays, then the connection drops: xstudy sees no answer. */
        DROP_AFTER_PAYING
    }

    public StandInProlificApi(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        server.createContext("/", this::handle);
        server.createContext("/submissions/complete", this::completionPage);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The base URL, as {@code XSTUDY_PROLIFIC_API_URL} takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/";
    }

    /** Webhook deliveries answered, and ones that could not be delivered (counted as lost, not retried). */
    public int hooksDelivered() {
        return hooksDelivered.get();
    }

    public int hooksFailed() {
        return hooksFailed.get();
    }

    /** The completion codes participants arrived with at {@code /submissions/complete?cc=}, in order. */
    public List<String> codes() {
        return List.copyOf(codes);
    }

    /**
     * Delivers webhooks to this origin (scheme, host and port) instead of the target URL's: xstudy's public URL in
     * tests names no real host, while the test server listens on a local port.
     */
    public void deliverHooksTo(String origin) {
        hookOrigin = origin;
    }

    private void completionPage(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        String code = q == null ? "" : java.net.URLDecoder.decode(q.replaceAll("(.*&)?cc=([^&]*)(&.*)?", "$2"),
                StandardCharsets.UTF_8);
        codes.add(code);
        byte[] body = ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Prolific stand-in</title>"
                + "<link rel=icon href=\"data:,\"></head><body><h1>Submission received</h1><p id=cc>"
                + code.replaceAll("[^A-Za-z0-9_-]", "") + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method.equals(method) && c.path.startsWith(pathPrefix)).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The next {@code n} calls are answered 429 with {@code Retry-After: seconds}. */
    public void throttle(int n, int seconds) {
        retryAfterSeconds = seconds;
        throttled = n;
    }

    /** Webhook deliveries are dropped (a lost webhook) while set. */
    public void loseHooks(boolean lose) {
        loseHooks = lose;
    }

    public void failNextPay(PayFault fault) {
        payFault = fault;
    }

    /** One bonus paid by a pay call: the money moved, whether or not submissions show it yet. */
    public record Payment(String bulkBonusId, String studyId, String participantId, int cents) {}

    /** Every bonus paid, in order: what "paid exactly once" is checked against. */
    public List<Payment> payments() {
        return List.copyOf(payments);
    }

    /**
     * While set, a pay call pays at once but its bonuses appear in the submissions' {@code bonus_payments} only at
     * {@link #settlePayments()}, as Prolific documents ("bonus payments are made asynchronously ... in the following
     * minutes").
     */
    public void deferPayments(boolean defer) {
        deferPayments = defer;
    }

    /** Shows every deferred payment in the submissions. */
    public synchronized void settlePayments() {
        unseen.forEach(this::show);
        unseen.clear();
    }

    /**
     * Holds the answer to the next call whose method is {@code method} and whose path starts with {@code pathPrefix}:
     * the call is carried out and logged, then its answer waits until {@link Hold#release()}. A test kills the
     * caller meanwhile, so that the call took effect and the caller never heard.
     */
    public Hold holdNext(String method, String pathPrefix) {
        Hold h = new Hold(method, pathPrefix);
        holds.add(h);
        return h;
    }

    /** A held answer: {@link #awaitCarriedOut} until the call has taken effect, {@link #release} to answer it. */
    public static final class Hold {
        private final String method;
        private final String pathPrefix;
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        private Hold(String method, String pathPrefix) {
            this.method = method;
            this.pathPrefix = pathPrefix;
        }

        public boolean awaitCarriedOut(java.time.Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        public void release() {
            released.countDown();
        }
    }

    private void holdIfAsked(String method, String path) {
        for (Hold h : holds) {
            if (h.method.equals(method) && path.startsWith(h.pathPrefix) && holds.remove(h)) {
                h.arrived.countDown();
                try {
                    h.released.await(10, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    public void pageSize(int n) {
        pageSize = n;
    }

    public synchronized ObjectNode study(String id) {
        return studies.get(id);
    }

    public synchronized ObjectNode submission(String id) {
        return submissions.get(id);
    }

    /** A participant starts the study on Prolific: a new ACTIVE submission; returns its id (SESSION_ID). */
    public synchronized String join(String studyId, String pid) {
        ObjectNode s = JSON.createObjectNode();
        String id = "sub" + ids.incrementAndGet() + UUID.randomUUID().toString().substring(0, 8);
        s.put("id", id).put("participant_id", pid).put("study_id", studyId).put("status", "ACTIVE")
                .put("started_at", java.time.Instant.now().toString());
        s.putArray("bonus_payments");
        s.putNull("study_code");
        submissions.put(id, s);
        return id;
    }

    /** The participant submits {@code code} on Prolific: AWAITING REVIEW, or RETURNED for a code asking that. */
    public void complete(String submissionId, String code) {
        String status;
        synchronized (this) {
            ObjectNode s = submissions.get(submissionId);
            ObjectNode study = studies.get(s.get("study_id").asText());
            String action = "MANUALLY_REVIEW";
            for (JsonNode c : study.withArray("completion_codes")) {
                if (c.get("code").asText().equals(code)) {
                    action = c.withArray("actions").get(0).get("action").asText();
                }
            }
            status = switch (action) {
                case "REQUEST_RETURN" -> "RETURNED";
                case "AUTOMATICALLY_APPROVE" -> "APPROVED";
                case "FIXED_SCREEN_OUT_PAYMENT" -> "SCREENED OUT";
                default -> "AWAITING REVIEW";
            };
            s.put("study_code", code).put("status", status);
        }
        hook(submissionId, status);
    }

    /** Moves a submission to {@code status} (RETURNED, TIMED-OUT ...) as Prolific would, and sends the webhook. */
    public void setStatus(String submissionId, String status) {
        synchronized (this) {
            submissions.get(submissionId).put("status", status);
        }
        hook(submissionId, status);
    }

    /** Bonuses paid to a participant of a study, in cents, in the order they were paid. */
    public synchronized List<Integer> bonusesOf(String studyId, String pid) {
        List<Integer> paid = new ArrayList<>();
        for (ObjectNode s : submissions.values()) {
            if (s.get("study_id").asText().equals(studyId) && s.get("participant_id").asText().equals(pid)) {
                s.withArray("bonus_payments").forEach(b -> paid.add(b.asInt()));
            }
        }
        return paid;
    }

    private void hook(String submissionId, String status) {
        List<ObjectNode> subs;
        ObjectNode s;
        synchronized (this) {
            subs = List.copyOf(subscriptions);
            s = submissions.get(submissionId).deepCopy();
        }
        for (ObjectNode sub : subs) {
            if (loseHooks || !sub.get("event_type").asText().equals("submission.status.change")
                    || !sub.get("is_enabled").asBoolean()) {
                continue;
            }
            ObjectNode event = JSON.createObjectNode();
            // the documented body: docs.prolific.com/api-reference/webhooks/receiving
            event.put("resource_id", submissionId).put("event_type", "submission.status.change")
                    .put("participant_id", s.get("participant_id").asText()).put("status", status);
            String body = event.toString();
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            String secret = secrets.get(sub.get("workspace_id").asText());
            try {
                URI target = URI.create(sub.get("target_url").asText());
                if (hookOrigin != null) {
                    target = URI.create(hookOrigin + target.getRawPath());
                }
                hookClient.send(HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/json")
                        .header("X-Prolific-Request-Signature", sign(secret, timestamp, body))
                        .header("X-Prolific-Request-Timestamp", timestamp)
                        .header("X-Event-ID", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                hooksDelivered.incrementAndGet();
            } catch (IOException e) {
                hooksFailed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prolific's webhook signature: base64 of HMAC-SHA256 over the timestamp followed by the body. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal((timestamp + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Answer a;
        if (throttled > 0) {
            throttled--;
            ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
            a = error(429, "Request was throttled. Expected available in " + retryAfterSeconds + " seconds.");
        } else if (auth == null || !auth.equals("Token " + token)) {
            a = error(401, "Invalid token.");
        } else {
            try {
                JsonNode in = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                a = route(method, path, query, in);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                a = error(400, "JSON parse error");
            } catch (Dropped d) {
                calls.add(new Call(method, path + (query == null ? "" : "?" + query), auth, body, 0));
                ex.close();
                return;
            }
        }
        calls.add(new Call(method, path + (query == null ? "" : "?" + query), auth, body, a.status));
        holdIfAsked(method, path);
        byte[] out = a.body == null ? new byte[0] : a.body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        try {
            ex.sendResponseHeaders(a.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        } catch (IOException callerGone) {
            // the caller was killed while its answer was held
        }
        ex.close();
    }

    private record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private static final class Dropped extends RuntimeException {
        Dropped() {
            super(null, null, false, false);
        }
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static Answer error(int status, String detail) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("status", status).put("detail", detail);
        return new Answer(status, e);
    }

    private static final Pattern STUDY = Pattern.compile("/api/v1/studies/([^/]+)/");
    private static final Pattern STUDY_TRANSITION = Pattern.compile("/api/v1/studies/([^/]+)/transition/");
    private static final Pattern STUDY_SUBMISSIONS = Pattern.compile("/api/v1/studies/([^/]+)/submissions/");
    private static final Pattern SUBMISSION = Pattern.compile("/api/v1/submissions/([^/]+)/");
    private static final Pattern SUBMISSION_TRANSITION = Pattern.compile("/api/v1/submissions/([^/]+)/transition/");
    private static final Pattern SUBSCRIPTION = Pattern.compile("/api/v1/hooks/subscriptions/([^/]+)/");
    private static final Pattern PAY = Pattern.compile("/api/v1/bulk-bonus-payments/([^/]+)/pay/");

    private synchronized Answer route(String method, String path, String query, JsonNode in) {
        Matcher m;
        if (method.equals("GET") && path.equals("/api/v1/users/me/")) {
            ObjectNode me = JSON.createObjectNode();
            me.put("id", "researcher-1").put("email", "researcher@lab.example.org").put("name", "A Researcher")
                    .put("current_project_id", "project-1");
            return ok(me);
        }
        if (method.equals("GET") && path.equals("/api/v1/workspaces/")) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("results").addObject().put("id", "workspace-1").put("title", "My workspace");
            return ok(page);
        }
        if (method.equals("POST") && path.equals("/api/v1/studies/")) {
            return createStudy(in);
        }
        if ((m = STUDY_TRANSITION.matcher(path)).matches() && method.equals("POST")) {
            return transitionStudy(m.group(1), in.path("action").asText());
        }
        if ((m = STUDY_SUBMISSIONS.matcher(path)).matches() && method.equals("GET")) {
            return listSubmissions(m.group(1), query);
        }
        if ((m = STUDY.matcher(path)).matches()) {
            ObjectNode study = studies.get(m.group(1));
            if (study == null) {
                return error(404, "Not found.");
            }
            if (method.equals("GET")) {
                return ok(study);
            }
            if (method.equals("PATCH")) {
                if (!study.get("status").asText().equals("UNPUBLISHED")) {
                    return error(400, "Only an unpublished study can be edited this way.");
                }
                Answer invalid = validateStudy(in, false);
                if (invalid != null) {
                    return invalid;
                }
                study.setAll((ObjectNode) in);
                return ok(study);
            }
        }
        if (method.equals("POST") && path.equals("/api/v1/submissions/bulk-approve/")) {
            return bulkApprove(in);
        }
        if ((m = SUBMISSION_TRANSITION.matcher(path)).matches() && method.equals("POST")) {
            return transitionSubmission(m.group(1), in);
        }
        if ((m = SUBMISSION.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode s = submissions.get(m.group(1));
            return s == null ? error(404, "Not found.") : ok(s);
        }
        if (method.equals("POST") && path.equals("/api/v1/submissions/bonus-payments/")) {
            return createBonus(in);
        }
        if ((m = PAY.matcher(path)).matches() && method.equals("POST")) {
            return pay(m.group(1));
        }
        if (method.equals("POST") && path.equals("/api/v1/hooks/secrets/")) {
            String workspace = in.path("workspace_id").asText("");
            if (workspace.isEmpty()) {
                return error(400, "workspace_id is required.");
            }
            String value = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
            secrets.put(workspace, value);
            ObjectNode secret = JSON.createObjectNode();
            secret.put("id", "secret-" + ids.incrementAndGet()).put("value", value).put("workspace_id", workspace);
            return new Answer(201, secret);
        }
        if (method.equals("POST") && path.equals("/api/v1/hooks/subscriptions/")) {
            for (String f : List.of("workspace_id", "event_type", "target_url")) {
                if (in.path(f).asText("").isEmpty()) {
                    return error(400, f + " is required.");
                }
            }
            if (!secrets.containsKey(in.get("workspace_id").asText())) {
                return error(400, "Create a secret for the workspace first.");
            }
            // created disabled; enabled by the confirmation call with the X-Hook-Secret it was answered with
            ObjectNode sub = ((ObjectNode) in).deepCopy();
            String confirmation = UUID.randomUUID().toString();
            sub.put("id", "subscription-" + ids.incrementAndGet()).put("is_enabled", false);
            subscriptions.add(sub);
            confirmations.put(sub.get("id").asText(), confirmation);
            ObjectNode list = JSON.createObjectNode();
            subscriptions.forEach(list.putArray("results")::add);
            return new Answer(201, list, Map.of("X-Hook-Secret", confirmation));
        }
        if ((m = SUBSCRIPTION.matcher(path)).matches() && method.equals("POST")) {
            String expected = confirmations.get(m.group(1));
            if (expected == null) {
                return error(404, "Not found.");
            }
            if (!expected.equals(in.path("secret").asText())) {
                return error(400, "secret: does not match the X-Hook-Secret of this subscription.");
            }
            for (ObjectNode sub : subscriptions) {
                if (sub.get("id").asText().equals(m.group(1))) {
                    sub.put("is_enabled", true);
                    return ok(sub);
                }
            }
        }
        return error(404, "Not found.");
    }

    /** Ten hex digits, so that ids stay unique across stand-ins that share one test database. */
    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Answer createStudy(JsonNode in) {
        Answer invalid = validateStudy(in, true);
        if (invalid != null) {
            return invalid;
        }
        ObjectNode study = ((ObjectNode) in).deepCopy();
        String id = "study" + ids.incrementAndGet() + unique();
        study.put("id", id).put("status", "UNPUBLISHED").put("project", "project-1");
        studies.put(id, study);
        return new Answer(201, study);
    }

    private static Answer validateStudy(JsonNode in, boolean creating) {
        if (creating) {
            for (String f : List.of("name", "description", "external_study_url", "prolific_id_option",
                    "completion_codes", "estimated_completion_time", "reward", "total_available_places")) {
                if (!in.hasNonNull(f)) {
                    return error(400, f + ": This field is required.");
                }
            }
        }
        if (in.has("external_study_url") && !in.get("external_study_url").asText().matches("https?://.+")) {
            return error(400, "external_study_url: Enter a valid URL.");
        }
        if (in.has("completion_codes")) {
            int screenOuts = 0;
            for (JsonNode c : in.get("completion_codes")) {
                if (!CODE_TYPES.contains(c.path("code_type").asText()) || c.path("code").asText("").isEmpty()
                        || !c.path("actions").isArray()) {
                    return error(400, "completion_codes: invalid code " + c);
                }
                for (JsonNode a : c.get("actions")) {
                    String action = a.path("action").asText();
                    if (!CODE_ACTIONS.contains(action)) {
                        return error(400, "completion_codes: \"" + action + "\" is not a valid action.");
                    }
                    if (action.equals("FIXED_SCREEN_OUT_PAYMENT")) {
                        screenOuts++;
                        if (!a.path("fixed_screen_out_reward").canConvertToInt() || !a.path("slots").canConvertToInt()
                                || a.get("fixed_screen_out_reward").asInt() >= in.path("reward").asInt(Integer.MAX_VALUE)) {
                            return error(400, "completion_codes: a fixed screen-out needs fixed_screen_out_reward "
                                    + "(less than the reward) and slots.");
                        }
                    }
                }
            }
            if (screenOuts > 1) {
                return error(400, "completion_codes: only one code may have a screening action.");
            }
        }
        if (in.has("reward") && in.get("reward").asInt() < 1) {
            return error(400, "reward: must be positive.");
        }
        return null;
    }

    private Answer transitionStudy(String id, String action) {
        ObjectNode study = studies.get(id);
        if (study == null) {
            return error(404, "Not found.");
        }
        String from = study.get("status").asText();
        String to = switch (action) {
            case "PUBLISH" -> from.equals("UNPUBLISHED") ? "ACTIVE" : null;
            case "PAUSE" -> from.equals("ACTIVE") ? "PAUSED" : null;
            case "START" -> from.equals("PAUSED") ? "ACTIVE" : null;
            case "STOP" -> from.equals("ACTIVE") || from.equals("PAUSED") ? "AWAITING REVIEW" : null;
            default -> null;
        };
        if (to == null) {
            return error(400, "Cannot " + action + " a study that is " + from + ".");
        }
        study.put("status", to);
        return ok(study);
    }

    private Answer listSubmissions(String studyId, String query) {
        if (!studies.containsKey(studyId)) {
            return error(404, "Not found.");
        }
        int page = 1;
        if (query != null && query.matches("(.*&)?page=\\d+(&.*)?")) {
            page = Integer.parseInt(query.replaceAll("(.*&)?page=(\\d+)(&.*)?", "$2"));
        }
        List<ObjectNode> all = submissions.values().stream()
                .filter(s -> s.get("study_id").asText().equals(studyId)).toList();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode results = out.putArray("results");
        int from = (page - 1) * pageSize;
        for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
            results.add(all.get(i).deepCopy());
        }
        ObjectNode links = out.putObject("_links");
        if (from + pageSize < all.size()) {
            links.putObject("next").put("href", apiUrl() + "studies/" + studyId + "/submissions/?page=" + (page + 1));
        } else {
            links.putObject("next").putNull("href");
        }
        out.putObject("meta").put("count", all.size());
        return ok(out);
    }

    private Answer transitionSubmission(String id, JsonNode in) {
        ObjectNode s = submissions.get(id);
        if (s == null) {
            return error(404, "Not found.");
        }
        String action = in.path("action").asText();
        String target = switch (action) {
            case "APPROVE" -> "APPROVED";
            case "REJECT" -> "REJECTED";
            default -> null;
        };
        if (target == null) {
            return error(400, "action: \"" + action + "\" is not a valid choice.");
        }
        if (s.get("status").asText().equals(target)) {
            return ok(s);
        }
        if (action.equals("REJECT") && (in.path("message").asText("").length() < 100
                || !REJECTION_CATEGORIES.contains(in.path("rejection_category").asText()))) {
            return error(400, "A rejection needs a message of at least 100 characters and a rejection_category.");
        }
        if (!s.get("status").asText().equals("AWAITING REVIEW")) {
            return error(400, "Only a submission awaiting review can be approved or rejected.");
        }
        s.put("status", target);
        return ok(s);
    }

    private Answer bulkApprove(JsonNode in) {
        List<ObjectNode> chosen = new ArrayList<>();
        if (in.has("submission_ids")) {
            for (JsonNode id : in.get("submission_ids")) {
                ObjectNode s = submissions.get(id.asText());
                if (s == null) {
                    return error(400, "Unknown submission " + id.asText());
                }
                chosen.add(s);
            }
        } else if (in.has("study_id") && in.has("participant_ids")) {
            for (JsonNode pid : in.get("participant_ids")) {
                submissions.values().stream().filter(s -> s.get("study_id").asText().equals(in.get("study_id")
                        .asText()) && s.get("participant_id").asText().equals(pid.asText())).forEach(chosen::add);
            }
        } else {
            return error(400, "Give submission_ids, or study_id and participant_ids.");
        }
        chosen.stream().filter(s -> s.get("status").asText().equals("AWAITING REVIEW"))
                .forEach(s -> s.put("status", "APPROVED"));
        ObjectNode out = JSON.createObjectNode();
        out.put("message", "The request to bulk approve has been made successfully.");
        return ok(out);
    }

    private Answer createBonus(JsonNode in) {
        String studyId = in.path("study_id").asText("");
        if (!studies.containsKey(studyId)) {
            return error(400, "study_id: unknown study.");
        }
        String csv = in.path("csv_bonuses").asText("");
        int totalCents = 0;
        ArrayNode lines = JSON.createArrayNode();
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length != 2 || !parts[1].strip().matches("\\d+(\\.\\d{1,2})?")) {
                return error(400, "csv_bonuses: each line is <participant or submission id>,<amount>: " + line);
            }
            String who = parts[0].strip();
            boolean known = submissions.values().stream().anyMatch(s -> s.get("study_id").asText().equals(studyId)
                    && (s.get("participant_id").asText().equals(who) || s.get("id").asText().equals(who)));
            if (!known) {
                return error(400, "csv_bonuses: " + who + " did not take part in this study.");
            }
            int cents = new java.math.BigDecimal(parts[1].strip()).movePointRight(2).intValueExact();
            totalCents += cents;
            lines.addObject().put("participant", who).put("amount", cents);
        }
        if (lines.isEmpty()) {
            return error(400, "csv_bonuses: no bonuses.");
        }
        ObjectNode bulk = JSON.createObjectNode();
        String id = "bonus" + ids.incrementAndGet() + unique();
        bulk.put("id", id).put("study", studyId).put("amount", totalCents).put("fees", totalCents / 3)
                .put("vat", 0).put("total_amount", totalCents + totalCents / 3);
        bulk.set("lines", lines);
        bulkBonuses.put(id, bulk);
        ObjectNode out = bulk.deepCopy();
        out.remove("lines");
        return new Answer(201, out);
    }

    private Answer pay(String id) {
        ObjectNode bulk = bulkBonuses.get(id);
        if (bulk == null) {
            return error(404, "Not found.");
        }
        PayFault fault = payFault;
        payFault = PayFault.NONE;
        if (fault == PayFault.DROP_BEFORE_PAYING) {
            throw new Dropped();
        }
        String studyId = bulk.get("study").asText();
        for (JsonNode line : bulk.get("lines")) {
            Payment p = new Payment(id, studyId, line.get("participant").asText(), line.get("amount").asInt());
            payments.add(p);
            if (deferPayments) {
                unseen.add(p);
            } else {
                show(p);
            }
        }
        if (fault == PayFault.DROP_AFTER_PAYING) {
            throw new Dropped();
        }
        return new Answer(202, JSON.createObjectNode());
    }

    private void show(Payment p) {
        submissions.values().stream().filter(s -> s.get("study_id").asText().equals(p.studyId())
                && (s.get("participant_id").asText().equals(p.participantId())
                        || s.get("id").asText().equals(p.participantId())))
                .findFirst().ifPresent(s -> s.withArray("bonus_payments").add(p.cents()));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
