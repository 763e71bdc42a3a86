package org.xstudy.participant;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.account.Secrets;

/**
 * Signed links that let one participant continue on a new device: {@code /s/{slug}/resume?p=&e=&sig=}, where
 * {@code sig} is an HMAC-SHA256 over the study, the participant's public id and the expiry. A researcher issues
 * them (API {@code POST /api/studies/{id}/resume-link}) for a participant who lost their cookie and cannot open
 * the study from Prolific again. The key is {@code xstudy.participant.resume-secret}; without it a random key is
 * drawn at start, and links stop working when the server restarts.
 */
@ApplicationScoped
public class ResumeLinks {

    private static final Logger LOG = Logger.getLogger(ResumeLinks.class);

    private final SecretKeySpec key;
    private final Duration validity;

    ResumeLinks(@ConfigProperty(name = "xstudy.participant.resume-secret") Optional<String> secret,
            @ConfigProperty(name = "xstudy.participant.resume-link-validity", defaultValue = "7D") Duration validity) {
        String k = secret.filter(s -> !s.isBlank()).orElse(null);
        if (k == null) {
            LOG.info("xstudy.participant.resume-secret is not set: resume links work until the server restarts");
            k = Secrets.token();
        }
        this.key = new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.validity = validity;
    }

    /** The query of a resume link for participant {@code publicId} of study {@code studyId}, valid from now. */
    public String query(long studyId, UUID publicId) {
        long expires = Instant.now().plus(validity).getEpochSecond();
        return "p=" + publicId + "&e=" + expires + "&sig=" + sign(studyId, publicId.toString(), expires);
    }

    /** When a link issued now stops working. */
    public Instant expiry() {
        return Instant.now().plus(validity);
    }

    /** The participant a link names when its signature is right for this study and it has not expired. */
    public Optional<UUID> verify(long studyId, String publicId, String expires, String sig) {
        if (publicId == null || expires == null || sig == null || !expires.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        long e = Long.parseLong(expires);
        byte[] expected = sign(studyId, publicId, e).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))
                || Instant.now().getEpochSecond() > e) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(publicId));
        } catch (IllegalArgumentException notUuid) {
            return Optional.empty();
        }
    }

    private String sign(long studyId, String publicId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] raw = mac.doFinal(("resume|" + studyId + "|" + publicId + "|" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
