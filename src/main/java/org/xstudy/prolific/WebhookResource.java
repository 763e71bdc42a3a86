package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.Problem;

/**
 * Prolific's {@code submission.status.change} webhook for one study. It carries no credential of ours, so it is
 * believed only when signed: {@code X-Prolific-Request-Signature} must be the base64 HMAC-SHA256, under the
 * study's hook secret, of {@code X-Prolific-Request-Timestamp} followed by the raw body, and the timestamp within
 * five minutes. Even then only the submission's id is taken from it: its status is read from Prolific.
 */
@Path("/hooks/prolific/{id}")
@Tag(name = "Prolific")
public class WebhookResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SKEW_SECONDS = 300;

    @Inject
    TokenCipher cipher;

    @Inject
    ProlificAccounts accounts;

    @Inject
    ProlificClient prolific;

    @Inject
    SubmissionSync sync;

    @Inject
    CallLog log;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Prolific's signed submission.status.change webhook (called by Prolific, not by researchers)")
    public Response receive(@PathParam("id") long studyId, String body,
            @HeaderParam("X-Prolific-Request-Signature") String signature,
            @HeaderParam("X-Prolific-Request-Timestamp") String timestamp) {
        long start = System.nanoTime();
        ProlificLink link = QuarkusTransaction.requiringNew().call(() -> ProlificLink.findById(studyId));
        if (link == null || link.hookSecretEnc == null || !signed(link, body, signature, timestamp)) {
            log.record(link == null ? null : studyId, null, "received", "POST", "/hooks/prolific/" + studyId, 401,
                    body, "signature refused", millis(start));
            return Problem.of(401, "Unauthorized", "The webhook signature is missing or wrong.").toResponse();
        }
        log.record(studyId, link.userId, "received", "POST", "/hooks/prolific/" + studyId, 200, body, null,
                millis(start));
        String submission;
        try {
            JsonNode event = JSON.readTree(body);
            submission = event.hasNonNull("resource_id") ? event.get("resource_id").asText()
                    : event.path("submission_id").asText("");
        } catch (java.io.IOException e) {
            return Problem.of(400, "Invalid request", "The webhook body is not JSON.").toResponse();
        }
        if (!submission.matches("[A-Za-z0-9_-]{1,64}")) {
            return Problem.of(400, "Invalid request", "The webhook names no submission.").toResponse();
        }
        ProlificClient.Caller caller = QuarkusTransaction.requiringNew().call(() ->
                accounts.caller(link.userId, studyId));
        JsonNode current = prolific.get(caller, "submissions/" + submission + "/");
        if (!link.prolificId.equals(current.path("study_id").asText(link.prolificId))) {
            return Response.ok().build();
        }
        QuarkusTransaction.requiringNew().run(() -> sync.apply(studyId, current));
        return Response.ok().build();
    }

    private boolean signed(ProlificLink link, String body, String signature, String timestamp) {
        if (signature == null || timestamp == null || body == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > SKEW_SECONDS) {
            return false;
        }
        String secret = cipher.decrypt(link.hookSecretEnc, ProlificStudies.hookPurpose(link.studyId));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal((timestamp + body)
                    .getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
