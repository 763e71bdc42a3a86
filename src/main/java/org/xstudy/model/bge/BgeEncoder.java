package org.xstudy.model.bge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The frozen bge-small-en-v1.5 (quantized ONNX) sentence encoder, on one ONNX Runtime session shared by all
 * threads. Texts are tokenized with the model's own {@code tokenizer.json}, sorted by length and run in padded
 * sub-batches; the sentence vector is the L2-normalised {@code [CLS]} state of {@code last_hidden_state}, as bge
 * recommends.
 *
 * <p>Sub-batches run in parallel on the common fork-join pool (one per core), so the session runs each on one
 * intra-op thread without spinning: ONNX Runtime's {@code Run} is safe to call concurrently, and one thread per
 * call keeps two concurrent calls from fighting over the cores. {@link #close()} waits for running calls.
 */
public final class BgeEncoder implements AutoCloseable {

    public static final String ONNX_RESOURCE = "bge-small-en-v1.5-q.onnx";
    public static final int DIM = 384;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean typeIds;
    private final PieceTokenizer tokenizer;
    private final String sha256;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile int batchSize = 1;

    private BgeEncoder(OrtEnvironment env, OrtSession session, PieceTokenizer tokenizer, String sha256) {
        this.env = env;
        this.session = session;
        this.typeIds = session.getInputNames().contains("token_type_ids");
        this.tokenizer = tokenizer;
        this.sha256 = sha256;
    }

    /**
     * How many texts go through the network together. The quantized model scales its activations per tensor
     * ({@code DynamicQuantizeLinear}), so a text's output depends on the other texts of its batch (and on their
     * padding); size 1 (the default) makes every output a function of its own text alone.
     */
    public BgeEncoder batchSize(int size) {
        this.batchSize = Math.max(1, size);
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Loads the model and tokenizer from the classpath entries of the langchain4j bge artifact. */
    public static BgeEncoder load() {
        try (InputStream raw = BgeEncoder.class.getClassLoader().getResourceAsStream(ONNX_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(ONNX_RESOURCE + " is not on the classpath");
            }
            byte[] bytes = raw.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                return new BgeEncoder(env, env.createSession(bytes, options), PieceTokenizer.bge(), sha);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** SHA-256 of the ONNX weights. */
    public String sha256() {
        return sha256;
    }

    /** One normalised sentence vector per text, {@code [texts][384]}. */
    public double[][] embed(List<String> texts) {
        return embedIds(texts.stream().map(t -> tokenizer.tokenize(t).ids()).toList());
    }

    /** One normalised sentence vector per row of token ids (with special tokens), {@code [rows][384]}. */
    public double[][] embedIds(List<long[]> rows) {
        return Batches.runIds(rows, batchSize, this::run);
    }

    private double[][] run(Batches.Padded batch) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the bge encoder is closed");
            }
            long[] shape = {batch.size(), batch.length()};
            try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape);
                    OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape);
                    OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape);
                    OrtSession.Result result = session.run(typeIds
                            ? Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types)
                            : Map.of("input_ids", ids, "attention_mask", mask))) {
                return clsVectors(((OnnxTensor) result.get(0)).getFloatBuffer(), batch);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("bge forward pass failed: " + e.getMessage(), e);
        } finally {
            closing.readLock().unlock();
        }
    }

    private static double[][] clsVectors(FloatBuffer hidden, Batches.Padded batch) {
        double[][] vectors = new double[batch.size()][DIM];
        for (int i = 0; i < batch.size(); i++) {
            int base = i * batch.length() * DIM;
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                vectors[i][d] = hidden.get(base + d);
                norm += vectors[i][d] * vectors[i][d];
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < DIM && norm > 0; d++) {
                vectors[i][d] /= norm;
            }
        }
        return vectors;
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
                tokenizer.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            closing.writeLock().unlock();
        }
    }
}
