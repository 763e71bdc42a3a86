package org.xstudy.model.imports;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The named parameters of a TorchScript module grouped into layers for cascading randomisation (Adebayo et al.,
 * NeurIPS 2018), and their re-initialisation in place.
 *
 * <p>A parameter's layer is its name up to and including the first numeric segment, so that one block of a
 * {@code ModuleList} or {@code nn.TransformerEncoder} is one layer ({@code encoder.layers.1.linear2.weight} is in
 * {@code encoder.layers.1}, {@code convs.0.bias} in {@code convs.0}); without a numeric segment it is the
 * module that owns the parameter ({@code out.weight} is in {@code out}). Layers are ordered from the output down
 * as the reverse of the order in which the module registers them ({@code named_parameters()}, the order of its
 * {@code __init__}), which puts the classifier head first for the usual embeddings-encoder-head module.
 */
final class TorchScriptLayers {

    private TorchScriptLayers() {
    }

    /** The layer of a parameter name. */
    static String layerOf(String name) {
        String[] parts = name.split("\\.");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            key.append(i == 0 ? "" : ".").append(parts[i]);
            if (parts[i].chars().allMatch(Character::isDigit)) {
                return key.toString();
            }
        }
        return parts.length == 1 ? name : key.toString();
    }

    /** Layer to its parameter names, from the output down; the names keep their registration order. */
    static Map<String, List<String>> topDown(List<String> names) {
        Map<String, List<String>> bottomUp = new LinkedHashMap<>();
        for (String name : names) {
            bottomUp.computeIfAbsent(layerOf(name), k -> new ArrayList<>()).add(name);
        }
        List<String> order = new ArrayList<>(bottomUp.keySet());
        Collections.reverse(order);
        Map<String, List<String>> out = new LinkedHashMap<>();
        order.forEach(layer -> out.put(layer, List.copyOf(bottomUp.get(layer))));
        return out;
    }

    /**
     * Re-initialises the named tensors in place with i.i.d. normal values of mean 0 and the tensor's own root mean
     * square as standard deviation: the module's initialiser is unknown, and this keeps each tensor's scale (a
     * LayerNorm gain of ones gets random gains of scale 1; an all-zero bias stays zero).
     */
    static void randomise(Map<String, Parameter> parameters, List<String> names, Random random) {
        for (String name : names) {
            NDArray array = parameters.get(name).getArray();
            double[] values = array.toType(DataType.FLOAT64, false).toDoubleArray();
            double sum = 0;
            for (double v : values) {
                sum += v * v;
            }
            double rms = values.length == 0 ? 0 : Math.sqrt(sum / values.length);
            float[] fresh = new float[values.length];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = (float) (random.nextGaussian() * rms);
            }
            try (NDManager scratch = array.getManager().newSubManager()) {
                NDArray noise = scratch.create(fresh, array.getShape()).toType(array.getDataType(), false);
                // in place (mul_, add_), so that the module's own parameter tensor changes
                array.muli(0).addi(noise);
            }
        }
    }
}
