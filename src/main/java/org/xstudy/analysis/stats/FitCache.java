package org.xstudy.analysis.stats;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fits of mixed models by the exact data they were fitted to. A GLMM or CLMM takes seconds (minutes at 100,000
 * ratings) and the analysis pages ask for it on every view; the same answers give the same fit, so it is kept,
 * keyed by a SHA-256 of every number and name the fitter reads. New answers change the key; nothing goes stale.
 * A fit that fails is not kept. Concurrent requests for one key fit once. Per node, in memory, bounded.
 */
public final class FitCache<V> {

    private final Cache<String, V> fits;

    public FitCache(int size) {
        this.fits = Caffeine.newBuilder().maximumSize(size).build();
    }

    /** The fit of {@code key}, made with {@code fit} the first time. */
    public V get(Key key, Supplier<V> fit) {
        return fits.get(key.digest(), k -> fit.get());
    }

    /** A new key, to which every input of the fit is added in order. */
    public static Key key(String kind) {
        return new Key().text(kind);
    }

    /** A SHA-256 over the fitter's inputs, each written with its length so that no two inputs read alike. */
    public static final class Key {

        private final MessageDigest sha;

        private Key() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public Key ints(int[] values) {
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * values.length).putInt(values.length);
            for (int v : values) {
                b.putInt(v);
            }
            sha.update(b.array());
            return this;
        }

        public Key rows(double[][] rows) {
            sha.update(ByteBuffer.allocate(4).putInt(rows.length).array());
            for (double[] row : rows) {
                ByteBuffer b = ByteBuffer.allocate(4 + 8 * row.length).putInt(row.length);
                for (double v : row) {
                    b.putDouble(v);
                }
                sha.update(b.array());
            }
            return this;
        }

        public Key texts(List<String> texts) {
            sha.update(ByteBuffer.allocate(4).putInt(texts.size()).array());
            texts.forEach(this::text);
            return this;
        }

        public Key text(String text) {
            byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(5).put((byte) (text == null ? 0 : 1)).putInt(bytes.length).array());
            sha.update(bytes);
            return this;
        }

        public Key number(double value) {
            sha.update(ByteBuffer.allocate(8).putDouble(value).array());
            return this;
        }

        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
