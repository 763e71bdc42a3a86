package org.xstudy.dataset;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.console.Users;

/**
 * Data-set text that PostgreSQL cannot store (a NUL byte, a broken surrogate in JSON) is refused at its row and
 * field before the database, and the text itself never appears in the server's log.
 */
@QuarkusTest
class DatasetTextSafetyTest {

    private static final String MARK = "SECRET-ROW-TEXT-7731";

    @Inject
    Users users;

    @Inject
    DataSource db;

    /** Every log record (with its exception chain) written while {@code run} runs, as text. */
    private static List<String> logDuring(Runnable run) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    sb.append(" | ").append(t);
                }
                lines.add(sb.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(h);
        try {
            run.run();
        } finally {
            root.removeHandler(h);
        }
        return lines;
    }

    @Test
    void aNulByteInARowIsRefusedAtItsFieldAndNotLogged() throws Exception {
        Users.Account a = users.create("researcher");
        String csv = "text,label\n\"fine text\",pos\n\"" + MARK + " with \u0000 inside\",neg\n\"more\",neg\n";
        List<String> log = logDuring(() -> DatasetApiTest.upload(a, "nul.csv", csv, "Nul").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/rows/2/text")));
        String jsonl = "{\"text\":\"" + MARK + " \\ud800 broken\",\"label\":\"a\"}\n{\"text\":\"ok\",\"label\":\"b\"}\n";
        log.addAll(logDuring(() -> DatasetApiTest.upload(a, "s.jsonl", jsonl, "Surrogate").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/rows/1/text"))));
        assertFalse(log.stream().anyMatch(l -> l.contains(MARK)), "row text in the log: " + log);
        assertEquals(0L, new TestDb(db).scalar("select count(*) from dataset where owner_id = " + a.actor().id()));
    }
}
