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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The frozen bge-small-en-v1.5 sentence encoder, on one ONNX Runtime session shared by all threads. Texts are
 * tokenized with the model's own {@code tokenizer.json}, sorted by length and run in padded sub-batches; the
 * sentence vector is the L2-normalised {@code [CLS]} state of {@code last_hidden_state}, as bge recommends.
 *
 * <p>{@link #load()} runs the statically quantized model that {@link StaticQuantizer} derives from the published
 * dynamically quantized one: its outputs for a text do not depend on the batch, so texts are batched. The
 * published model itself ({@link #loadDynamic()}, kept for comparisons) runs one text per pass.
 *
 * <p>Sub-batches run in parallel on the common fork-join pool (one per core), so the session runs each on one
 * intra-op thread without spinning: ONNX Runtime's {@code Run} is safe to call concurrently, and one thread per
 * call keeps two concurrent calls from fighting over the cores. {@link #close()} waits for running calls.
 */
public final class BgeEncoder implements AutoCloseable {

    public static final String ONNX_RESOURCE = "bge-small-en-v1.5-q.onnx";
    public static final int DIM = 384;
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The int64 input tensors of one padded batch, closed together. */
    record Inputs(Map<String, OnnxTensor> map) implements AutoCloseable {

        static Inputs of(OrtEnvironment env, OrtSession session, List<long[]> rows) {
            return of(env, session, Batches.Padded.ofIds(rows));
        }

        static Inputs of(OrtEnvironment env, OrtSession session, Batches.Padded batch) {
            long[] shape = {batch.size(), batch.length()};
            Map<String, OnnxTensor> map = new LinkedHashMap<>();
            try {
                map.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape));
                map.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape));
                if (session.getInputNames().contains("token_type_ids")) {
                    map.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape));
                }
                return new Inputs(map);
            } catch (OrtException e) {
                map.values().forEach(OnnxTensor::close);
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            map.values().forEach(OnnxTensor::close);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final PieceTokenizer tokenizer;
    private final String sha256;
    private final boolean batchInvariant;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final LongAdder positions = new LongAdder();
    private volatile boolean closed;
    private volatile int batchSize;

    private BgeEncoder(OrtEnvironment env, OrtSession session, PieceTokenizer tokenizer, String sha256,
            boolean batchInvariant) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.sha256 = sha256;
        this.batchInvariant = batchInvariant;
        this.batchSize = batchInvariant ? DEFAULT_BATCH_SIZE : 1;
    }

    /**
     * The most texts that go through the network together ({@value #DEFAULT_BATCH_SIZE} for the static model, 1
     * for the dynamic one). A call's texts are spread over the cores first: {@link Batches} makes sub-batches of
     * {@code min(size, ceil(texts / cores))}.
     */
    public BgeEncoder batchSize(int size) {
        this.batchSize = Math.max(1, size);
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * True when a text's output is a function of the text alone: always for the static model, and for the dynamic
     * one only at batch size 1 (its quantizers scale by the whole batch).
     */
    public boolean batchInvariant() {
        return batchInvariant || batchSize == 1;
    }

    /** Loads the statically quantized model (calibrated on load, see {@link StaticQuantizer}) and its tokenizer. */
    public static BgeEncoder load() {
        return load(true);
    }

    /** Loads the published, dynamically quantized model as it is, at batch size 1 (for comparisons). */
    public static BgeEncoder loadDynamic() {
        return load(false);
    }

    /**
     * The process's one ONNX Runtime environment, made by DJL's OnnxRuntime engine first: that engine always asks
     * for it with threading options, which ONNX Runtime refuses once an environment exists, so an environment made
     * here first would make every later DJL ONNX model (an imported classifier) fail to load.
     */
    static OrtEnvironment environment() {
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        return OrtEnvironment.getEnvironment();
    }

    private static BgeEncoder load(boolean quantizeStatically) {
        OrtEnvironment env = environment();
        PieceTokenizer tokenizer = PieceTokenizer.bge();
        try (OrtSession.SessionOptions options = options()) {
            byte[] bytes = publishedModel();
            if (quantizeStatically) {
                bytes = staticModel(env, bytes, tokenizer);
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new BgeEncoder(env, env.createSession(bytes, options), tokenizer, sha, quantizeStatically);
        } catch (IOException e) {
            tokenizer.close();
            throw new UncheckedIOException(e);
        } catch (OrtException | NoSuchAlgorithmException e) {
            tokenizer.close();
            throw new IllegalStateException(e);
        }
    }

    /** The published, dynamically quantized model file from the classpath. */
    static byte[] publishedModel() throws IOException {
        try (InputStream raw = BgeEncoder.class.getClassLoader().getResourceAsStream(ONNX_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(ONNX_RESOURCE + " is not on the classpath");
            }
            return raw.readAllBytes();
        }
    }

    /** The model {@link #load()} runs: the published one statically quantized, fused, {@code [CLS]}-only at the end. */
    static byte[] staticModel(OrtEnvironment env, byte[] published, PieceTokenizer tokenizer)
            throws IOException, OrtException {
        return StaticQuantizer.fused(ClsOnlyLastLayer.apply(StaticQuantizer.quantize(env, published, tokenizer,
                StaticQuantizer.calibrationSentences())));
    }

    /** Session options of every bge session: one intra-op thread that does not spin, all graph optimizations. */
    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public PieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** SHA-256 of the ONNX model that runs (for {@link #load()}, of the statically quantized model). */
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

    /**
     * Token positions run through the network so far, padding included ({@code rows × padded length} of every
     * pass): the work the encoder did, for benchmarks that relate a method's cost to the model's throughput.
     */
    public long positionsRun() {
        return positions.sum();
    }

    private double[][] run(Batches.Padded batch) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the bge encoder is closed");
            }
            positions.add((long) batch.size() * batch.length());
            try (Inputs inputs = Inputs.of(env, session, batch);
                    OrtSession.Result result = session.run(inputs.map())) {
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
        int positions = hidden.remaining() / (batch.size() * DIM);
        for (int i = 0; i < batch.size(); i++) {
            int base = i * positions * DIM;
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
