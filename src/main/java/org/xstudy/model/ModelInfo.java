package org.xstudy.model;

import java.util.List;

/**
 * What the server knows about a registered classifier: its class names, kind (e.g. {@code transformer},
 * {@code cnn}, {@code onnx}, {@code torchscript}), the SHA-256 of its weights, which explanation methods it
 * supports, for the demo models the held-out accuracy measured when it was trained, and for an uploaded model its
 * display name and model card.
 */
public record ModelInfo(String id, List<String> labels, String kind, String hash, Capabilities capabilities,
        Double accuracy, String name, Card card) {

    public ModelInfo(String id, List<String> labels, String kind, String hash, Capabilities capabilities,
            Double accuracy) {
        this(id, labels, kind, hash, capabilities, accuracy, null, null);
    }

    /**
     * Whether gradient methods (Saliency, Gradient×Input, Integrated Gradients, SmoothGrad) can run on the model,
     * and if not, why. Model-agnostic methods (occlusion, LIME, KernelSHAP) run on every model.
     */
    public record Capabilities(boolean gradientMethods, String reason) {

        public static Capabilities of(TextClassifier model) {
            return model instanceof DifferentiableClassifier
                    ? new Capabilities(true, "The model runs backward from its input embeddings.")
                    : new Capabilities(false, "The model gives probabilities only: use model-agnostic methods.");
        }
    }

    /** The uploader's model card: where the model comes from, its licence, what it was trained on (each optional). */
    public record Card(String source, String licence, String trainingData) {

        /** Null when nothing was given. */
        public static Card of(String source, String licence, String trainingData) {
            return source == null && licence == null && trainingData == null ? null
                    : new Card(source, licence, trainingData);
        }
    }

    /** The description of a model that nobody described: kind {@code custom}, no hash, no accuracy. */
    public static ModelInfo of(TextClassifier model) {
        return new ModelInfo(model.id(), model.labels(), "custom", null, Capabilities.of(model), null);
    }
}
