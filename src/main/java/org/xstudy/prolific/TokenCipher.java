package org.xstudy.prolific;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.xstudy.account.Secrets;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * Encrypts secrets kept for researchers (Prolific tokens, webhook secrets) with AES-256-GCM under the key
 * {@code xstudy.prolific.secret-key} (its SHA-256, so any long passphrase does). Each value has a random 96-bit IV
 * stored before the ciphertext, and is bound to what it is for ({@code purpose}, e.g. {@code token:12}), so a
 * value copied to another row does not decrypt. Without the key nothing is stored: 503 with a sentence saying so.
 */
@ApplicationScoped
public class TokenCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    @Inject
    ProlificSettings settings;

    public byte[] encrypt(String plain, String purpose) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, purpose);
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String decrypt(byte[] stored, String purpose) {
        try {
            byte[] iv = java.util.Arrays.copyOf(stored, IV_BYTES);
            Cipher c = cipher(Cipher.DECRYPT_MODE, iv, purpose);
            return new String(c.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new ProblemException(Problem.of(409, "Conflict", "The stored Prolific credential cannot be "
                    + "decrypted with the current key (was XSTUDY_SECRET_KEY changed?); store the token again."));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String purpose) throws GeneralSecurityException {
        String key = settings.secretKey().map(String::strip).filter(k -> !k.isEmpty()).orElseThrow(() ->
                new ProblemException(Problem.of(503, "Not configured", "This server has no key to encrypt Prolific "
                        + "tokens with: set XSTUDY_SECRET_KEY (a long random value) and restart; see docs/prolific.md.")));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(Secrets.sha256(key), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
