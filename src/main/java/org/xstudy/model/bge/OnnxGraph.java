package org.xstudy.model.bge;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The few edits of an ONNX model file that static quantization needs: list the nodes, add graph outputs, replace
 * {@code DynamicQuantizeLinear} nodes by {@code QuantizeLinear} nodes with constant scale and zero point, and fuse
 * the integer matrix products that follow into {@code MatMulIntegerToFloat}.
 *
 * <p>An ONNX file is a protobuf {@code ModelProto}. It is read and written here as protobuf's
 * {@link UnknownFieldSet} with the field numbers of {@code onnx.proto}, so the project needs neither the generated
 * ONNX classes nor the schema; every field it does not edit (weights, metadata, opsets) is written back as read.
 */
final class OnnxGraph {

    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;

    private static final String MICROSOFT = "com.microsoft";

    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT64 = 7;

    /** One node: operator, name and the names of its input and output tensors. */
    record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs) {}

    /** Constant quantization parameters of one tensor: {@code q = clamp(round(x / scale) + zeroPoint, 0, 255)}. */
    record Quantization(float scale, int zeroPoint) {}

    private final UnknownFieldSet model;
    private final UnknownFieldSet graph;
    private final List<Node> nodes = new ArrayList<>();

    private OnnxGraph(UnknownFieldSet model) throws InvalidProtocolBufferException {
        this.model = model;
        List<ByteString> graphs = model.getField(MODEL_GRAPH).getLengthDelimitedList();
        if (graphs.isEmpty()) {
            throw new InvalidProtocolBufferException("the ONNX model has no graph");
        }
        this.graph = UnknownFieldSet.parseFrom(graphs.get(0));
        for (ByteString bytes : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(bytes);
            nodes.add(new Node(string(n, NODE_OP_TYPE), string(n, NODE_DOMAIN), string(n, NODE_NAME),
                    strings(n, NODE_INPUT), strings(n, NODE_OUTPUT)));
        }
    }

    /** Parses a model file. */
    static OnnxGraph parse(byte[] onnx) throws InvalidProtocolBufferException {
        return new OnnxGraph(UnknownFieldSet.parseFrom(onnx));
    }

    /** The graph's nodes in their (topological) order. */
    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes of the default ONNX domain with this operator. */
    List<Node> nodes(String opType) {
        return nodes.stream().filter(n -> n.domain().isEmpty() && n.opType().equals(opType)).toList();
    }

    /** The version of the default ONNX operator set the model imports, or 0 if none. */
    long opset() throws InvalidProtocolBufferException {
        for (ByteString bytes : model.getField(MODEL_OPSET_IMPORT).getLengthDelimitedList()) {
            UnknownFieldSet o = UnknownFieldSet.parseFrom(bytes);
            String domain = string(o, OPSET_DOMAIN);
            if (domain.isEmpty() || domain.equals("ai.onnx")) {
                return o.getField(OPSET_VERSION).getVarintList().stream().findFirst().orElse(0L);
            }
        }
        return 0;
    }

    /** The model with these tensors (name to ONNX element type) added as graph outputs of unknown shape. */
    byte[] withOutputs(Map<String, Integer> outputs) {
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder()
                .mergeFrom(graph.getField(GRAPH_OUTPUT));
        outputs.forEach((name, type) -> {
            UnknownFieldSet tensorType = message(TENSOR_TYPE_ELEM_TYPE, type);
            UnknownFieldSet typeProto = message(TYPE_TENSOR, tensorType.toByteString());
            field.addLengthDelimited(UnknownFieldSet.newBuilder()
                    .addField(VALUE_INFO_NAME, bytes(name))
                    .addField(VALUE_INFO_TYPE, bytes(typeProto.toByteString()))
                    .build().toByteString());
        });
        return withGraph(graph.toBuilder().addField(GRAPH_OUTPUT, field.build()).build());
    }

    /**
     * The model with each named {@code DynamicQuantizeLinear} node replaced by a {@code QuantizeLinear} node of the
     * same input and quantized output, whose scale and zero point are constant initializers named as the dynamic
     * node's scale and zero-point outputs were, so the nodes that read them are unchanged.
     */
    byte[] withStaticQuantization(Map<String, Quantization> byNodeName) throws InvalidProtocolBufferException {
        UnknownFieldSet.Field.Builder newNodes = UnknownFieldSet.Field.newBuilder();
        UnknownFieldSet.Field.Builder initializers = UnknownFieldSet.Field.newBuilder()
                .mergeFrom(graph.getField(GRAPH_INITIALIZER));
        List<ByteString> old = graph.getField(GRAPH_NODE).getLengthDelimitedList();
        int replaced = 0;
        for (int i = 0; i < old.size(); i++) {
            Node n = nodes.get(i);
            Quantization q = n.opType().equals("DynamicQuantizeLinear") ? byNodeName.get(n.name()) : null;
            if (q == null) {
                newNodes.addLengthDelimited(old.get(i));
                continue;
            }
            String scale = n.outputs().get(1);
            String zeroPoint = n.outputs().get(2);
            newNodes.addLengthDelimited(UnknownFieldSet.newBuilder()
                    .addField(NODE_INPUT, strings(n.inputs().get(0), scale, zeroPoint))
                    .addField(NODE_OUTPUT, bytes(n.outputs().get(0)))
                    .addField(NODE_NAME, bytes(n.name()))
                    .addField(NODE_OP_TYPE, bytes("QuantizeLinear"))
                    .build().toByteString());
            byte[] scaleBytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(q.scale()).array();
            initializers.addLengthDelimited(scalar(scale, FLOAT, scaleBytes));
            initializers.addLengthDelimited(scalar(zeroPoint, UINT8, new byte[] {(byte) q.zeroPoint()}));
            replaced++;
        }
        if (replaced != byNodeName.size()) {
            throw new InvalidProtocolBufferException("only " + replaced + " of the " + byNodeName.size()
                    + " DynamicQuantizeLinear nodes to replace are in the graph");
        }
        return withGraph(graph.toBuilder()
                .clearField(GRAPH_NODE).addField(GRAPH_NODE, newNodes.build())
                .clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, initializers.build())
                .build());
    }

    /**
     * The model with each chain {@code MatMulInteger → Cast → Mul(scale)} (and a following {@code Add} of a constant
     * bias), whose scale is a {@code Mul} of the two quantization scales, replaced by one ONNX Runtime
     * {@code com.microsoft.MatMulIntegerToFloat} node that computes the same: ONNX Runtime makes this fusion itself
     * only while the scales are computed at run time, so static constants would otherwise leave the chain unfused.
     */
    byte[] withFusedIntegerProducts() throws IOException {
        Map<String, List<Integer>> consumers = new HashMap<>();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
            for (String out : nodes.get(i).outputs()) {
                producer.put(out, i);
            }
        }
        Set<String> constants = new HashSet<>();
        Set<String> vectors = new HashSet<>();
        for (ByteString bytes : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            UnknownFieldSet t = UnknownFieldSet.parseFrom(bytes);
            constants.add(string(t, TENSOR_NAME));
            if (t.getField(TENSOR_DIMS).getVarintList().size() + packedCount(t.getField(TENSOR_DIMS)) == 1) {
                vectors.add(string(t, TENSOR_NAME));
            }
        }
        Map<Integer, ByteString> fused = new HashMap<>();
        Set<Integer> removed = new HashSet<>();
        for (int m = 0; m < nodes.size(); m++) {
            Node product = nodes.get(m);
            if (!product.opType().equals("MatMulInteger") || !product.domain().isEmpty()
                    || product.inputs().size() != 4) {
                continue;
            }
            Node cast = onlyConsumer(consumers, product.outputs().get(0), "Cast");
            Node mul = cast == null ? null : onlyConsumer(consumers, cast.outputs().get(0), "Mul");
            if (mul == null) {
                continue;
            }
            String scaleName = mul.inputs().get(0).equals(cast.outputs().get(0)) ? mul.inputs().get(1)
                    : mul.inputs().get(0);
            Integer s = producer.get(scaleName);
            Node scales = s == null ? null : nodes.get(s);
            if (scales == null || !scales.opType().equals("Mul") || consumers.get(scaleName).size() != 1
                    || !scales.inputs().stream().allMatch(constants::contains)) {
                continue;
            }
            Node add = onlyConsumer(consumers, mul.outputs().get(0), "Add");
            String bias = add == null ? null : add.inputs().stream()
                    .filter(in -> !in.equals(mul.outputs().get(0))).findFirst().orElse(null);
            boolean withBias = bias != null && vectors.contains(bias);
            List<String> in = new ArrayList<>(List.of(product.inputs().get(0), product.inputs().get(1),
                    scales.inputs().get(0), scales.inputs().get(1), product.inputs().get(2), product.inputs().get(3)));
            if (withBias) {
                in.add(bias);
            }
            fused.put(m, UnknownFieldSet.newBuilder()
                    .addField(NODE_INPUT, strings(in.toArray(String[]::new)))
                    .addField(NODE_OUTPUT, bytes((withBias ? add : mul).outputs().get(0)))
                    .addField(NODE_NAME, bytes(product.name() + "_to_float"))
                    .addField(NODE_OP_TYPE, bytes("MatMulIntegerToFloat"))
                    .addField(NODE_DOMAIN, bytes(MICROSOFT))
                    .build().toByteString());
            removed.addAll(List.of(s, producer.get(cast.outputs().get(0)), producer.get(mul.outputs().get(0))));
            if (withBias) {
                removed.add(producer.get(add.outputs().get(0)));
            }
        }
        UnknownFieldSet.Field.Builder newNodes = UnknownFieldSet.Field.newBuilder();
        List<ByteString> old = graph.getField(GRAPH_NODE).getLengthDelimitedList();
        for (int i = 0; i < old.size(); i++) {
            if (!removed.contains(i)) {
                newNodes.addLengthDelimited(fused.getOrDefault(i, old.get(i)));
            }
        }
        UnknownFieldSet newGraph = graph.toBuilder().clearField(GRAPH_NODE).addField(GRAPH_NODE, newNodes.build())
                .build();
        UnknownFieldSet.Builder newModel = model.toBuilder().clearField(MODEL_GRAPH)
                .addField(MODEL_GRAPH, bytes(newGraph.toByteString()));
        if (!fused.isEmpty() && !imports(MICROSOFT)) {
            newModel.mergeField(MODEL_OPSET_IMPORT, UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(UnknownFieldSet.newBuilder()
                            .addField(OPSET_DOMAIN, bytes(MICROSOFT))
                            .addField(OPSET_VERSION, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                            .build().toByteString())
                    .build());
        }
        return newModel.build().toByteArray();
    }

    /**
     * The model with {@code Gather(tensor, [0], axis = 1)}, the first position of each sequence, read by the named
     * nodes instead of {@code tensor} itself: everything they compute then has one position instead of all. The
     * gather is placed before the first of them, after the producer of {@code tensor}.
     */
    byte[] withFirstPosition(String tensor, Set<String> readers) throws InvalidProtocolBufferException {
        String first = tensor + "_first_position";
        String index = tensor + "_first_position_index";
        UnknownFieldSet.Field.Builder newNodes = UnknownFieldSet.Field.newBuilder();
        List<ByteString> old = graph.getField(GRAPH_NODE).getLengthDelimitedList();
        int rewired = 0;
        for (int i = 0; i < old.size(); i++) {
            Node n = nodes.get(i);
            if (!readers.contains(n.name())) {
                newNodes.addLengthDelimited(old.get(i));
                continue;
            }
            if (rewired++ == 0) {
                UnknownFieldSet axis = UnknownFieldSet.newBuilder()
                        .addField(ATTRIBUTE_NAME, bytes("axis"))
                        .addField(ATTRIBUTE_INT, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                        .addField(ATTRIBUTE_TYPE, UnknownFieldSet.Field.newBuilder().addVarint(ATTRIBUTE_TYPE_INT)
                                .build())
                        .build();
                newNodes.addLengthDelimited(UnknownFieldSet.newBuilder()
                        .addField(NODE_INPUT, strings(tensor, index))
                        .addField(NODE_OUTPUT, bytes(first))
                        .addField(NODE_NAME, bytes(first))
                        .addField(NODE_OP_TYPE, bytes("Gather"))
                        .addField(NODE_ATTRIBUTE, bytes(axis.toByteString()))
                        .build().toByteString());
            }
            newNodes.addLengthDelimited(UnknownFieldSet.parseFrom(old.get(i)).toBuilder()
                    .clearField(NODE_INPUT)
                    .addField(NODE_INPUT, strings(n.inputs().stream().map(in -> in.equals(tensor) ? first : in)
                            .toArray(String[]::new)))
                    .build().toByteString());
        }
        if (rewired != readers.size()) {
            throw new InvalidProtocolBufferException("only " + rewired + " of the " + readers.size()
                    + " nodes to read the first position of " + tensor + " are in the graph");
        }
        UnknownFieldSet.Field.Builder initializers = UnknownFieldSet.Field.newBuilder()
                .mergeFrom(graph.getField(GRAPH_INITIALIZER))
                .addLengthDelimited(UnknownFieldSet.newBuilder()
                        .addField(TENSOR_DIMS, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                        .addField(TENSOR_DATA_TYPE, UnknownFieldSet.Field.newBuilder().addVarint(INT64).build())
                        .addField(TENSOR_NAME, bytes(index))
                        .addField(TENSOR_RAW_DATA, bytes(ByteString.copyFrom(new byte[8])))
                        .build().toByteString());
        return withGraph(graph.toBuilder()
                .clearField(GRAPH_NODE).addField(GRAPH_NODE, newNodes.build())
                .clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, initializers.build())
                .build());
    }

    private boolean imports(String domain) throws InvalidProtocolBufferException {
        for (ByteString bytes : model.getField(MODEL_OPSET_IMPORT).getLengthDelimitedList()) {
            if (string(UnknownFieldSet.parseFrom(bytes), OPSET_DOMAIN).equals(domain)) {
                return true;
            }
        }
        return false;
    }

    /** The number of varints in the packed (length-delimited) encodings of a repeated integer field. */
    private static int packedCount(UnknownFieldSet.Field field) throws IOException {
        int n = 0;
        for (ByteString packed : field.getLengthDelimitedList()) {
            CodedInputStream in = packed.newCodedInput();
            while (!in.isAtEnd()) {
                in.readRawVarint64();
                n++;
            }
        }
        return n;
    }

    private Node onlyConsumer(Map<String, List<Integer>> consumers, String tensor, String opType) {
        List<Integer> c = consumers.getOrDefault(tensor, List.of());
        if (c.size() != 1) {
            return null;
        }
        Node n = nodes.get(c.get(0));
        return n.opType().equals(opType) && n.domain().isEmpty() ? n : null;
    }

    private byte[] withGraph(UnknownFieldSet newGraph) {
        return model.toBuilder().clearField(MODEL_GRAPH)
                .addField(MODEL_GRAPH, bytes(newGraph.toByteString())).build().toByteArray();
    }

    private static ByteString scalar(String name, int dataType, byte[] raw) {
        return UnknownFieldSet.newBuilder()
                .addField(TENSOR_DATA_TYPE, UnknownFieldSet.Field.newBuilder().addVarint(dataType).build())
                .addField(TENSOR_NAME, bytes(name))
                .addField(TENSOR_RAW_DATA, bytes(ByteString.copyFrom(raw)))
                .build().toByteString();
    }

    private static UnknownFieldSet message(int number, long varint) {
        return UnknownFieldSet.newBuilder()
                .addField(number, UnknownFieldSet.Field.newBuilder().addVarint(varint).build()).build();
    }

    private static UnknownFieldSet message(int number, ByteString value) {
        return UnknownFieldSet.newBuilder().addField(number, bytes(value)).build();
    }

    private static UnknownFieldSet.Field bytes(String value) {
        return bytes(ByteString.copyFromUtf8(value));
    }

    private static UnknownFieldSet.Field bytes(ByteString value) {
        return UnknownFieldSet.Field.newBuilder().addLengthDelimited(value).build();
    }

    private static UnknownFieldSet.Field strings(String... values) {
        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
        for (String v : values) {
            f.addLengthDelimited(ByteString.copyFromUtf8(v));
        }
        return f.build();
    }

    private static String string(UnknownFieldSet message, int number) {
        List<ByteString> values = message.getField(number).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toString(StandardCharsets.UTF_8);
    }

    private static List<String> strings(UnknownFieldSet message, int number) {
        return message.getField(number).getLengthDelimitedList().stream()
                .map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }
}
