package org.xstudy.model.imports;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes a tiny ONNX classifier without Python, encoding the protobuf by hand: a bag of token scores,
 * {@code logits = sum_t mask[t] * E[input_ids[t]] + b} with {@code E [vocab, 2]} seeded random. Nodes: Gather,
 * Cast, Unsqueeze, Mul, ReduceSum, Add (opset 13).
 */
public final class OnnxFixture {

    static final int VOCAB = 30522;

    final float[] table;
    final float[] bias = {0.05f, -0.05f};

    OnnxFixture(long seed) {
        Random random = new Random(seed);
        table = new float[VOCAB * 2];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian() * 0.5f;
        }
    }

    /** The logits this model gives for token ids (float32 sums, like ONNX Runtime). */
    public double[] logits(long[] ids) {
        float[] s = {bias[0], bias[1]};
        float[] acc = {0f, 0f};
        for (long id : ids) {
            acc[0] += table[(int) id * 2];
            acc[1] += table[(int) id * 2 + 1];
        }
        return new double[] {acc[0] + s[0], acc[1] + s[1]};
    }

    /**
     * The bag with a dense head, {@code logits = (sum_t mask[t] * E[input_ids[t]]) W + b}, reading {@code table}
     * as {@code E [vocab, 2]} and the given {@code W [2, 2]} (row-major): MatMul then Add, as an exported
     * {@code nn.Linear} head. Its head tensors are the initializers {@code W} and {@code b}.
     */
    public byte[] modelWithHead(float[] w) {
        Proto graph = bagSum()
                .message(1, node(new String[] {"S", "W"}, "H", "MatMul", null))
                .message(1, node(new String[] {"H", "b"}, "logits", "Add", null))
                .string(2, "bag-head")
                .message(5, floatTensor("W", w, 2, 2));
        return finish(graph);
    }

    public byte[] model() {
        return finish(bagSum().message(1, node(new String[] {"S", "b"}, "logits", "Add", null)).string(2, "bag"));
    }

    /** The nodes that sum the masked rows of {@code E} into {@code S [batch, 2]}. */
    private static Proto bagSum() {
        return new Proto()
                .message(1, node(new String[] {"E", "input_ids"}, "G", "Gather", null))
                .message(1, node(new String[] {"attention_mask"}, "M", "Cast", new Proto().string(1, "to").varint(3, 1)
                        .varint(20, 2)))
                .message(1, node(new String[] {"M", "axes2"}, "MU", "Unsqueeze", null))
                .message(1, node(new String[] {"G", "MU"}, "GM", "Mul", null))
                .message(1, node(new String[] {"GM", "axes1"}, "S", "ReduceSum",
                        new Proto().string(1, "keepdims").varint(3, 0).varint(20, 2)));
    }

    /** Adds the shared initializers, inputs and output to the graph, and wraps it in a model (opset 13). */
    private byte[] finish(Proto graph) {
        graph.message(5, floatTensor("E", table, VOCAB, 2))
                .message(5, floatTensor("b", bias, 2))
                .message(5, longTensor("axes2", new long[] {2}))
                .message(5, longTensor("axes1", new long[] {1}))
                .message(11, valueInfo("input_ids", 7, "batch", "length"))
                .message(11, valueInfo("attention_mask", 7, "batch", "length"))
                .message(12, valueInfo("logits", 1, "batch", null));
        return new Proto().varint(1, 8).string(2, "xstudy-test").message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)).bytes();
    }

    private static Proto node(String[] inputs, String output, String op, Proto attribute) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, op + "_" + output).string(4, op);
        if (attribute != null) {
            n.message(5, attribute);
        }
        return n;
    }

    private static Proto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return tensor(name, 1, raw.array(), dims);
    }

    private static Proto longTensor(String name, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return tensor(name, 7, raw.array(), values.length);
    }

    private static Proto tensor(String name, int type, byte[] raw, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, type).string(8, name).raw(9, raw);
    }

    private static Proto valueInfo(String name, int elemType, String dim0, String dim1) {
        Proto shape = new Proto().message(1, new Proto().string(2, dim0));
        shape.message(1, dim1 == null ? new Proto().varint(1, 2) : new Proto().string(2, dim1));
        Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written: fields in the order they are added. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            key(field, 0);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return raw(field, value.bytes());
        }

        Proto raw(int field, byte[] value) {
            key(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void key(int field, int wireType) {
            writeVarint((long) field << 3 | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
