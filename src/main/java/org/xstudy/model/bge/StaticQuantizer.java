package org.xstudy.model.bge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Turns the dynamically quantized bge model into a statically quantized one, so that a text's output no longer
 * depends on the texts it is batched with.
 *
 * <p>The published model quantizes the input of each integer matrix product with {@code DynamicQuantizeLinear}: one
 * scale and zero point computed from the whole {@code [batch, length, hidden]} tensor, padding included, so batching
 * changed probabilities by up to 0.16. Here each such node becomes a {@code QuantizeLinear} with a constant scale
 * and zero point (ONNX opset 10 and later). The constants are calibrated on the project's own sentences
 * ({@value #CALIBRATION}): the original model runs them one at a time (batch size 1, no padding), the activation
 * range {@code [-zp * scale, (255 - zp) * scale]} of every dynamic node is read from its scale and zero-point
 * outputs, and the union of the ranges over all sentences, rounded outward to 8 significant bits (so that the last
 * bits of a processor's floating-point kernels are unlikely to change it), gives the static parameters by the same
 * formula as {@code DynamicQuantizeLinear}. The result is a function of the jar (and of ONNX Runtime's arithmetic
 * on the calibration sentences): the same bytes on every run.
 */
public final class StaticQuantizer {

    public static final String CALIBRATION = "bge/calibration.txt";
    private static final String DYNAMIC = "DynamicQuantizeLinear";

    /** An activation range; it always contains 0, as the quantizers' ranges do. */
    record Range(double min, double max) {

        static Range of(float scale, int zeroPoint) {
            return new Range(-zeroPoint * (double) scale, (255 - zeroPoint) * (double) scale);
        }

        Range union(Range o) {
            return new Range(Math.min(min, o.min), Math.max(max, o.max));
        }

        Range roundedOutward() {
            return new Range(round(min, true), round(max, false));
        }

        OnnxGraph.Quantization quantization() {
            float scale = (float) ((max - min) / 255);
            if (scale == 0) {
                return new OnnxGraph.Quantization(1, 0);
            }
            int zeroPoint = (int) Math.max(0, Math.min(255, Math.rint(-min / scale)));
            return new OnnxGraph.Quantization(scale, zeroPoint);
        }

        private static double round(double v, boolean down) {
            if (v == 0) {
                return 0;
            }
            double step = Math.scalb(1.0, Math.getExponent(v) - 7);
            return (down ? Math.floor(v / step) : Math.ceil(v / step)) * step;
        }
    }

    private StaticQuantizer() {
    }

    /** The calibration sentences shipped with the application, one a line. */
    public static List<String> calibrationSentences() {
        try (InputStream in = StaticQuantizer.class.getClassLoader().getResourceAsStream(CALIBRATION)) {
            if (in == null) {
                throw new IllegalStateException(CALIBRATION + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the model has dynamic quantizers, i.e. its outputs may depend on the batch. */
    public static boolean isDynamic(byte[] onnx) throws InvalidProtocolBufferException {
        return !OnnxGraph.parse(onnx).nodes(DYNAMIC).isEmpty();
    }

    /**
     * The model with its integer matrix products fused into ONNX Runtime's {@code MatMulIntegerToFloat} (see
     * {@link OnnxGraph#withFusedIntegerProducts()}); the same outputs, about a tenth less CPU.
     */
    static byte[] fused(byte[] staticModel) throws IOException {
        return OnnxGraph.parse(staticModel).withFusedIntegerProducts();
    }

    /** The statically quantized model calibrated on {@code sentences}. */
    static byte[] quantize(OrtEnvironment env, byte[] dynamicModel, PieceTokenizer tokenizer, List<String> sentences)
            throws OrtException, InvalidProtocolBufferException {
        OnnxGraph graph = OnnxGraph.parse(dynamicModel);
        List<OnnxGraph.Node> dynamic = graph.nodes(DYNAMIC);
        if (graph.opset() < 10) {
            throw new IllegalStateException("opset " + graph.opset() + " has no QuantizeLinear");
        }
        Map<String, Integer> outputs = new LinkedHashMap<>();
        for (OnnxGraph.Node n : dynamic) {
            outputs.put(n.outputs().get(1), OnnxGraph.FLOAT);
            outputs.put(n.outputs().get(2), OnnxGraph.UINT8);
        }
        Map<String, Range> ranges = new ConcurrentHashMap<>();
        try (OrtSession.SessionOptions options = BgeEncoder.options();
                OrtSession session = env.createSession(graph.withOutputs(outputs), options)) {
            sentences.parallelStream().forEach(s -> {
                BgeEncoder.Inputs inputs = BgeEncoder.Inputs.of(env, session, List.of(tokenizer.tokenize(s).ids()));
                try (inputs; OrtSession.Result r = session.run(inputs.map(), outputs.keySet())) {
                    for (OnnxGraph.Node n : dynamic) {
                        float scale = ((OnnxTensor) r.get(n.outputs().get(1)).orElseThrow()).getFloatBuffer().get(0);
                        int zp = ((OnnxTensor) r.get(n.outputs().get(2)).orElseThrow()).getByteBuffer().get(0) & 0xff;
                        ranges.merge(n.name(), Range.of(scale, zp), Range::union);
                    }
                } catch (OrtException e) {
                    throw new IllegalStateException("calibration failed: " + e.getMessage(), e);
                }
            });
        }
        Map<String, OnnxGraph.Quantization> constants = new TreeMap<>();
        ranges.forEach((name, range) -> constants.put(name, range.roundedOutward().quantization()));
        return graph.withStaticQuantization(constants);
    }
}
