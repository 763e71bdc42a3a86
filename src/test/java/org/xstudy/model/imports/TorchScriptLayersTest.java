package org.xstudy.model.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping of a TorchScript module's named parameters into layers, from the output down. */
class TorchScriptLayersTest {

    @Test
    void blocksOfAModuleListAreOneLayerEachAndTheHeadComesFirst() {
        List<String> names = List.of("tokens.weight", "positions.weight",
                "encoder.layers.0.self_attn.in_proj_weight", "encoder.layers.0.self_attn.out_proj.weight",
                "encoder.layers.0.norm1.weight", "encoder.layers.1.linear2.bias", "out.weight", "out.bias", "scale");
        Map<String, List<String>> layers = TorchScriptLayers.topDown(names);
        assertEquals(List.of("scale", "out", "encoder.layers.1", "encoder.layers.0", "positions", "tokens"),
                List.copyOf(layers.keySet()));
        assertEquals(List.of("encoder.layers.0.self_attn.in_proj_weight", "encoder.layers.0.self_attn.out_proj.weight",
                "encoder.layers.0.norm1.weight"), layers.get("encoder.layers.0"));
        assertEquals(List.of("out.weight", "out.bias"), layers.get("out"));
        assertEquals("convs.1", TorchScriptLayers.layerOf("convs.1.bias"));
        assertEquals("bert.embeddings.word_embeddings", TorchScriptLayers.layerOf("bert.embeddings.word_embeddings.weight"));
        assertEquals("bert.encoder.layer.11", TorchScriptLayers.layerOf("bert.encoder.layer.11.output.dense.weight"));
    }
}
