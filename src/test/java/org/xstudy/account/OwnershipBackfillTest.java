package org.xstudy.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.console.Users;

/**
 * The backfill of V90 on rows made before owners were stored: each gets the owner of the study or job that uses
 * it, and a row nothing ties to anyone keeps a NULL owner (admins only).
 */
@QuarkusTest
class OwnershipBackfillTest {

    @Inject
    Users users;

    @Inject
    DataSource db;

    @Test
    void rowsWithoutOwnerGetTheOwnerOfTheStudyOrJobThatUsesThem() throws Exception {
        TestDb t = new TestDb(db);
        long u = users.create("researcher").actor().id();
        long v = users.create("researcher").actor().id();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long frozen = representation(t, "frozen-" + tag, null);
        long fromJob = explanation(t, "job-" + tag);
        long fromRep = explanation(t, "rep-" + tag);
        long madeFrom = representation(t, "made-" + tag, "explanation:" + fromRep);
        long orphan = representation(t, "orphan-" + tag, null);
        long study = t.scalar("INSERT INTO study (slug, title, spec, spec_version, owner, preview_token) VALUES ('bf-"
                + tag + "', 'Backfill', '{}', 1, '" + u + "', 'x') RETURNING id");
        t.execute("INSERT INTO study_item (study_id, item_key, position, text, prediction, explanations) VALUES ("
                + study + ", 'i1', 0, 'text', 'pos', '{\"heatmap\": {\"kind\": \"token_scores\", \"provenance\": "
                + "{\"representationId\": " + frozen + "}}}')");
        long job = t.scalar("INSERT INTO precompute_job (model_id, methods, study_id, status, total, created_at, "
                + "updated_at) VALUES ('model-" + tag + "', '[]', " + study + ", 'done', 1, now(), now()) "
                + "RETURNING id");
        t.execute("INSERT INTO precompute_task (job_id, position, item, method, params, text, status, "
                + "explanation_id) VALUES (" + job + ", 0, 0, 'occlusion', '{}', 'text', 'done', " + fromJob + ")");
        t.execute("INSERT INTO precompute_job (model_id, methods, status, total, created_at, updated_at, owner_id) "
                + "VALUES ('model-" + tag + "', '[]', 'done', 0, now(), now(), " + v + ")");
        t.execute("INSERT INTO imported_model (id, format, model_path, tokenizer_path, labels, sha256, max_length) "
                + "VALUES ('model-" + tag + "', 'onnx', 'm', 't', '[]', 'h', 8)");
        t.execute("UPDATE representation SET owner_id = " + v + " WHERE id = " + madeFrom);

        t.execute(backfill());

        assertEquals(u, t.scalar("SELECT owner_id FROM precompute_job WHERE id = " + job), "the study's owner");
        assertEquals(u, t.scalar("SELECT owner_id FROM representation WHERE id = " + frozen), "frozen by u's study");
        assertEquals(u, t.scalar("SELECT owner_id FROM explanation WHERE id = " + fromJob), "computed by u's job");
        assertEquals(v, t.scalar("SELECT owner_id FROM explanation WHERE id = " + fromRep), "made into v's heatmap");
        assertEquals(u, t.scalar("SELECT owner_id FROM imported_model WHERE id = 'model-" + tag + "'"),
                "the first job on the model was u's");
        assertEquals(1, t.scalar("SELECT count(*) FROM representation WHERE owner_id IS NULL AND id = " + orphan),
                "nothing ties the orphan to anyone");
    }

    /** The backfill statements of the migration, as they are in the file. */
    private static String backfill() throws Exception {
        String sql = Files.readString(Path.of("migrations", "V90__ownership.sql"));
        return sql.substring(sql.indexOf("-- Backfill"));
    }

    private static long representation(TestDb t, String text, String source) throws Exception {
        return t.scalar("INSERT INTO representation (kind, provenance, text, payload, source) VALUES ('heatmap', "
                + "'generated', '" + text + "', '{}', " + (source == null ? "NULL" : "'" + source + "'")
                + ") RETURNING id");
    }

    private static long explanation(TestDb t, String text) throws Exception {
        return t.scalar("INSERT INTO explanation (model_id, model_hash, method, params, params_key, library_version, "
                + "runtime_ms, text, text_hash, target, labels, prediction, probabilities, tokens, metrics, "
                + "created_at, computed_at) VALUES ('m', 'h', 'occlusion', '{}', '{}', 'v', 1, '" + text + "', '"
                + text + "', 0, '[]', 0, '[]', '[]', '{}', now(), now()) RETURNING id");
    }
}
