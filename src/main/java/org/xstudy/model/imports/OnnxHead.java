package org.xstudy.model.imports;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The classification head of an ONNX classifier, for the model-randomisation sanity check: the weight and bias
 * initializers of the last {@code MatMul} or {@code Gemm} before the logits. From the first graph output the
 * graph is walked back through {@code Add} of a float initializer (the bias), {@code Identity}, {@code Reshape},
 * {@code Squeeze} and {@code Flatten} to a {@code MatMul} whose second input, or a {@code Gemm} whose {@code B}
 * (and {@code C}, the bias), is a float initializer. {@link #randomised} writes a copy of the model with exactly
 * those tensors replaced; everything else is written back as read. The file is read as protobuf's
 * {@link UnknownFieldSet} with the field numbers of {@code onnx.proto}, as {@code OnnxGraph} does.
 */
final class OnnxHead {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final List<String> PASS_THROUGH = List.of("Identity", "Reshape", "Squeeze", "Flatten");

    private final UnknownFieldSet model;
    private final UnknownFieldSet graph;
    private final Map<String, Integer> floatInitializers = new HashMap<>();
    private final List<String> tensors = new ArrayList<>();
    private String problem;

    private OnnxHead(byte[] onnx) throws InvalidProtocolBufferException {
        model = UnknownFieldSet.parseFrom(onnx);
        List<ByteString> graphs = model.getField(MODEL_GRAPH).getLengthDelimitedList();
        if (graphs.isEmpty()) {
            throw new InvalidProtocolBufferException("the ONNX model has no graph");
        }
        graph = UnknownFieldSet.parseFrom(graphs.get(0));
        List<ByteString> inits = graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList();
        for (int i = 0; i < inits.size(); i++) {
            UnknownFieldSet t = UnknownFieldSet.parseFrom(inits.get(i));
            if (t.getField(TENSOR_DATA_TYPE).getVarintList().contains((long) FLOAT)) {
                floatInitializers.put(string(t, TENSOR_NAME), i);
            }
        }
        find();
    }

    /** Reads a model file's head; a file that is not an ONNX protobuf has a {@link #problem()}. */
    static OnnxHead of(byte[] onnx) {
        try {
            return new OnnxHead(onnx);
        } catch (InvalidProtocolBufferException e) {
            OnnxHead none = new OnnxHead();
            none.problem = "The model file cannot be read as an ONNX graph: " + e.getMessage();
            return none;
        }
    }

    private OnnxHead() {
        model = null;
        graph = null;
    }

    /** The initializers the head randomisation replaces: the weight, then the bias if there is one. */
    List<String> tensors() {
        return List.copyOf(tensors);
    }

    /** Why the head cannot be randomised, or null. */
    String problem() {
        return problem;
    }

    private void find() throws InvalidProtocolBufferException {
        Map<String, UnknownFieldSet> producers = new HashMap<>();
        for (ByteString bytes : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(bytes);
            for (ByteString out : n.getField(NODE_OUTPUT).getLengthDelimitedList()) {
                producers.put(out.toStringUtf8(), n);
            }
        }
        List<ByteString> outputs = graph.getField(GRAPH_OUTPUT).getLengthDelimitedList();
        String tensor = outputs.isEmpty() ? "" : string(UnknownFieldSet.parseFrom(outputs.get(0)), 1);
        String bias = null;
        for (int hop = 0; hop < 16 && producers.containsKey(tensor); hop++) {
            UnknownFieldSet node = producers.get(tensor);
            String op = string(node, NODE_OP_TYPE);
            List<String> in = node.getField(NODE_INPUT).getLengthDelimitedList().stream()
                    .map(ByteString::toStringUtf8).toList();
            if ((op.equals("MatMul") || op.equals("Gemm")) && in.size() > 1 && floatInitializers.containsKey(in.get(1))) {
                tensors.add(in.get(1));
                if (op.equals("Gemm") && in.size() > 2 && floatInitializers.containsKey(in.get(2))) {
                    tensors.add(in.get(2));
                } else if (bias != null) {
                    tensors.add(bias);
                }
                return;
            }
            if (op.equals("Add") && in.size() == 2 && bias == null && floatInitializers.containsKey(in.get(1))) {
                bias = in.get(1);
                tensor = in.get(0);
            } else if (op.equals("Add") && in.size() == 2 && bias == null && floatInitializers.containsKey(in.get(0))) {
                bias = in.get(0);
                tensor = in.get(1);
            } else if (PASS_THROUGH.contains(op) && !in.isEmpty()) {
                tensor = in.get(0);
            } else {
                break;
            }
        }
        problem = "No MatMul or Gemm with a float weight initializer feeds the logits (the first graph output) "
                + "through Add, Identity, Reshape, Squeeze or Flatten, so the model's head cannot be found.";
    }

    /**
     * The model with the head's tensors re-initialised: i.i.d. normal values with mean 0 and each tensor's root
     * mean square as standard deviation (its scale; the trained initialiser is unknown), float32 raw data.
     */
    byte[] randomised(long seed) {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Random random = new Random(seed);
        List<ByteString> inits = new ArrayList<>(graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList());
        try {
            for (String name : tensors) {
                int at = floatInitializers.get(name);
                UnknownFieldSet t = UnknownFieldSet.parseFrom(inits.get(at));
                float[] values = floats(t);
                if (values.length != count(t)) {
                    throw new IllegalStateException("the head tensor " + name + " is not stored in the model file "
                            + "(external data), so it cannot be replaced.");
                }
                double sum = 0;
                for (float v : values) {
                    sum += (double) v * v;
                }
                double rms = values.length == 0 ? 0 : Math.sqrt(sum / values.length);
                ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    raw.putFloat((float) (random.nextGaussian() * rms));
                }
                UnknownFieldSet fresh = t.toBuilder().clearField(TENSOR_FLOAT_DATA)
                        .clearField(TENSOR_RAW_DATA).addField(TENSOR_RAW_DATA, UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFrom(raw.array())).build()).build();
                inits.set(at, fresh.toByteString());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
        inits.forEach(field::addLengthDelimited);
        UnknownFieldSet newGraph = graph.toBuilder().clearField(GRAPH_INITIALIZER)
                .addField(GRAPH_INITIALIZER, field.build()).build();
        return model.toBuilder().clearField(MODEL_GRAPH).addField(MODEL_GRAPH, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(newGraph.toByteString()).build()).build().toByteArray();
    }

    /** A float tensor's values from its raw data or its float_data (packed or not). */
    private static long count(UnknownFieldSet t) {
        long count = 1;
        for (long d : t.getField(TENSOR_DIMS).getVarintList()) {
            count *= d;
        }
        return count;
    }

    private static float[] floats(UnknownFieldSet t) {
        long count = count(t);
        List<ByteString> raw = t.getField(TENSOR_RAW_DATA).getLengthDelimitedList();
        ByteBuffer buffer;
        if (!raw.isEmpty()) {
            buffer = raw.get(0).asReadOnlyByteBuffer();
        } else if (!t.getField(TENSOR_FLOAT_DATA).getLengthDelimitedList().isEmpty()) {
            buffer = t.getField(TENSOR_FLOAT_DATA).getLengthDelimitedList().get(0).asReadOnlyByteBuffer();
        } else {
            List<Integer> fixed = t.getField(TENSOR_FLOAT_DATA).getFixed32List();
            float[] out = new float[fixed.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.intBitsToFloat(fixed.get(i));
            }
            return out;
        }
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) Math.min(count, buffer.remaining() / 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getFloat();
        }
        return out;
    }

    private static String string(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toString(StandardCharsets.UTF_8);
    }
}
