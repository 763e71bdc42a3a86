package org.xstudy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xstudy.model.ModelHome;
import org.xstudy.model.imports.ExportedModels;

/**
 * Precompute worker nodes for the packaged-app checks: {@code n} processes of {@code target/quarkus-app}
 * ({@link AppProcess}) on the test database, named {@code worker-1} … {@code worker-n}, sharing one model home in
 * which a TorchScript model exported by PyTorch ({@link ExportedModels}: the wordpiece bag-of-embeddings) is
 * imported for the configuration key's account. Leases are short (heartbeat 1 s, takeover after 4 missed) so that a
 * killed worker's chunks are taken over within seconds.
 */
final class WorkerNodes implements AutoCloseable {

    static final int CHUNK_SIZE = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    final String model = "it-bag-" + UUID.randomUUID().toString().substring(0, 8);
    final List<AppProcess> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WorkerNodes() {}

    /** Starts {@code n} worker nodes with the model imported; logs go to {@code target/workers-<i>.log}. */
    static WorkerNodes start(int n) throws Exception {
        WorkerNodes w = new WorkerNodes();
        try {
            Path home = Files.createTempDirectory("xstudy-workers");
            Path dir = Files.createDirectories(home.resolve("imports").resolve(w.model));
            Files.copy(ExportedModels.folder("wordpiece").resolve("bag.pt"), dir.resolve("model.pt"));
            Files.copy(ExportedModels.folder("wordpiece").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
            if (schemaReady()) {
                w.importModel(dir);
            } else {
                // the first node migrates the database and creates the key's account, then restarts with the model
                w.nodes.add(AppProcess.start(Db.url(), env(home, 1), Path.of("target", "workers-1.log")));
                w.importModel(dir);
                w.nodes.get(0).close();
                w.nodes.get(0).restart();
            }
            // one after the other: on two busy cores, three JVMs starting at once outlast AppProcess's 180 s
            for (int i = w.nodes.size() + 1; i <= n; i++) {
                w.nodes.add(AppProcess.start(Db.url(), env(home, i), Path.of("target", "workers-" + i + ".log")));
            }
            return w;
        } catch (Exception | Error e) {
            w.close();
            throw e;
        }
    }

    private static Map<String, String> env(Path home, int index) {
        Map<String, String> env = new HashMap<>();
        env.put("XSTUDY_HOME", home.toString());
        env.put("XSTUDY_PRECOMPUTE_NAME", "worker-" + index);
        env.put("XSTUDY_PRECOMPUTE_CHUNK_SIZE", String.valueOf(CHUNK_SIZE));
        env.put("XSTUDY_PRECOMPUTE_POLL", "500MS");
        env.put("XSTUDY_PRECOMPUTE_HEARTBEAT", "1S");
        env.put("XSTUDY_PRECOMPUTE_MISSED_HEARTBEATS", "4");
        return env;
    }

    /** Whether the test database already has the tables an import writes (other tests migrated it). */
    private static boolean schemaReady() throws Exception {
        return Db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'imported_model' "
                + "AND column_name = 'owner_id'") == 1;
    }

    /**
     * The row an admin's import writes, owned by the configuration key's account (created here as the server's
     * bootstrap would, when missing); every node registers the model at start.
     */
    private void importModel(Path dir) throws Exception {
        try (Connection c = Db.connect(); PreparedStatement user = c.prepareStatement("INSERT INTO app_user "
                + "(email, name, role) VALUES ('api-key@xstudy.local', 'Configuration key', 'researcher') "
                + "ON CONFLICT (email) DO NOTHING")) {
            user.executeUpdate();
        }
        try (Connection c = Db.connect(); PreparedStatement st = c.prepareStatement("INSERT INTO imported_model "
                + "(id, format, model_path, tokenizer_path, labels, sha256, max_length, owner_id) VALUES "
                + "(?, 'torchscript', ?, ?, '[\"negative\",\"positive\"]', ?, 512, "
                + "(SELECT id FROM app_user WHERE email = 'api-key@xstudy.local'))")) {
            st.setString(1, model);
            st.setString(2, dir.resolve("model.pt").toString());
            st.setString(3, dir.resolve("tokenizer.json").toString());
            st.setString(4, ModelHome.sha256(dir.resolve("model.pt")));
            st.executeUpdate();
        }
    }

    /** Creates a precompute job through the first node; returns its id. */
    long createJob(List<String> texts, Map<String, Object> methodsWithParams) throws Exception {
        Map<String, Object> body = Map.of("model", model, "methods", List.copyOf(methodsWithParams.keySet()),
                "params", methodsWithParams, "texts", texts);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(nodes.get(0).base().resolve("/api/precompute-jobs"))
                .header("X-API-Key", AppProcess.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("job not created: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asLong();
    }

    /** The job as {@code GET /api/precompute-jobs/{id}} on a live node reports it. */
    JsonNode job(long id, AppProcess node) throws Exception {
        URI uri = node.base().resolve("/api/precompute-jobs/" + id);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("X-API-Key", AppProcess.KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Waits until the job is done (or failed, or the time is up) and returns its last report. */
    JsonNode await(long id, AppProcess node, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode j = job(id, node);
        while (System.nanoTime() < deadline && j.get("status").asText().matches("queued|running")) {
            Thread.sleep(250);
            j = job(id, node);
        }
        return j;
    }

    /** The held-out sentences of the exported models' split, without repeats. */
    static List<String> sentences() {
        return ExportedModels.heldOut().stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (AppProcess node : nodes) {
            node.close();
        }
    }
}
