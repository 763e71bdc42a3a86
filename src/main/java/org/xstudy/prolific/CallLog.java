package org.xstudy.prolific;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The audit log of the Prolific connection: every request sent and webhook received, written in a transaction of
 * its own so that it stays when the work around it rolls back. Secrets in bodies (a hook secret's {@code value})
 * are replaced by {@code [redacted]}; the token travels only in a header, which is not stored.
 */
@ApplicationScoped
public class CallLog {

    static final String REDACTED = "[redacted]";
    private static final int MAX_BODY = 20_000;

    public void record(Long studyId, Long userId, String direction, String method, String path, Integer status,
            String request, String response, long millis) {
        ProlificCall row = new ProlificCall();
        row.at = OffsetDateTime.now();
        row.studyId = studyId;
        row.userId = userId;
        row.direction = direction;
        row.method = method;
        row.path = path;
        row.status = status;
        row.request = clip(redact(request));
        row.response = clip(redact(response));
        row.millis = (int) millis;
        QuarkusTransaction.requiringNew().run(row::persist);
    }

    public List<ProlificCall> forStudy(long studyId, int max) {
        return QuarkusTransaction.requiringNew().call(() -> ProlificCall.<ProlificCall>find(
                "studyId = ?1 order by at desc, id desc", studyId).page(0, max).list());
    }

    static String redact(String body) {
        if (body == null) {
            return null;
        }
        return body.replaceAll("\"(value|secret|token)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"" + REDACTED + "\"");
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_BODY ? s : s.substring(0, MAX_BODY) + "…";
    }
}
