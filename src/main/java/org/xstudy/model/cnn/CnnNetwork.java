package org.xstudy.model.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A one-layer convolutional sentence classifier after Kim (2014), "Convolutional Neural Networks for Sentence
 * Classification": piece embeddings, 1D convolutions of several odd widths with ReLU, max-pooling over time and a
 * linear layer to the class logits. Padding positions are masked to zero before the convolution and after the
 * ReLU, so a padded batch gives the same logits as each sentence alone. Parameters are plain NDArrays in the
 * order {@code embedding, (conv weight, conv bias) per width, output weight, output bias}.
 */
public final class CnnNetwork {

    private final NDList params;
    private final int[] widths;

    public CnnNetwork(NDList params, int[] widths) {
        this.params = params;
        this.widths = widths.clone();
    }

    /**
     * Seeded random initialisation (uniform Glorot for the layers, N(0, 0.1) for the embeddings), float32, without
     * gradients ({@link #toTrainable} makes the copy that is trained).
     */
    public static CnnNetwork init(NDManager manager, int vocab, int dim, int filters, int[] widths, int classes,
            long seed) {
        Random random = new Random(seed);
        NDList params = new NDList();
        float[] emb = new float[vocab * dim];
        for (int i = dim; i < emb.length; i++) {
            emb[i] = (float) (random.nextGaussian() * 0.1);
        }
        params.add(manager.create(emb, new Shape(vocab, dim)));
        for (int k : widths) {
            params.add(uniform(manager, random, new Shape(filters, dim, k), dim * k, filters));
            params.add(manager.zeros(new Shape(filters)));
        }
        int features = filters * widths.length;
        params.add(uniform(manager, random, new Shape(features, classes), features, classes));
        params.add(manager.zeros(new Shape(classes)));
        return new CnnNetwork(params, widths);
    }

    /**
     * A float64 copy in {@code manager} whose parameters collect gradients, for training. Not float32: on AMD Zen 5,
     * libtorch 2.7.1's float32 CPU kernels returned NaN input gradients in the training step now and then (about
     * one step in a few hundred; half the demo-CNN trainings ended with NaN weights and 50% accuracy, and so did one
     * CI run), at random steps of the same seeded computation and with oneDNN limited to AVX2 too; in float64, which
     * takes other kernels, 5 of 5 instrumented trainings were clean and 6 of 6 trainings by the setup command
     * gave the same weights. {@link #toFloat32} gives the model served.
     */
    public CnnNetwork toTrainable(NDManager manager) {
        NDList copy = new NDList();
        for (NDArray p : params) {
            NDArray q = manager.create(Torch.doubles(p), p.getShape());
            q.setRequiresGradient(true);
            copy.add(q);
        }
        return new CnnNetwork(copy, widths);
    }

    private static NDArray uniform(NDManager manager, Random random, Shape shape, int fanIn, int fanOut) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape);
    }

    public NDList params() {
        return params;
    }

    public int[] widths() {
        return widths.clone();
    }

    public NDArray embeddingMatrix() {
        return params.get(0);
    }

    public int dim() {
        return (int) embeddingMatrix().getShape().get(1);
    }

    public int classes() {
        return (int) params.get(params.size() - 1).getShape().get(0);
    }

    /**
     * A float32 copy of the parameters in {@code manager}, without gradients, for inference (also reads the float64
     * parameters that earlier versions saved).
     */
    public CnnNetwork toFloat32(NDManager manager) {
        NDList copy = new NDList();
        for (NDArray p : params) {
            copy.add(manager.create(Torch.floats(p), p.getShape()));
        }
        return new CnnNetwork(copy, widths);
    }

    /**
     * The layers from the output down, as cascading randomisation visits them (Adebayo et al. 2018): the output
     * layer, the convolutions from the widest, then the embeddings.
     */
    public List<String> layersTopDown() {
        List<String> layers = new ArrayList<>();
        layers.add("output");
        for (int i = widths.length - 1; i >= 0; i--) {
            layers.add("conv" + widths[i]);
        }
        layers.add("embeddings");
        return layers;
    }

    /**
     * A copy whose top {@code layers} layers ({@link #layersTopDown()}) are re-initialised at random with {@code seed}
     * as {@link #init} does, the others kept; float32, in {@code manager}.
     */
    public CnnNetwork randomised(NDManager manager, int layers, long seed) {
        CnnNetwork fresh = init(manager, (int) embeddingMatrix().getShape().get(0), dim(),
                (int) params.get(1).getShape().get(0), widths, classes(), seed).toFloat32(manager);
        CnnNetwork kept = toFloat32(manager);
        int n = params.size();
        NDList mixed = new NDList();
        for (int i = 0; i < n; i++) {
            // index of the layer this parameter belongs to, counted from the top
            int layer = i >= n - 2 ? 0 : i == 0 ? widths.length + 1 : widths.length - (i - 1) / 2;
            mixed.add(layer < layers ? fresh.params.get(i) : kept.params.get(i));
        }
        return new CnnNetwork(mixed, widths);
    }

    /** Looks up piece ids {@code [B, L]} in the embedding matrix, giving {@code [B, L, dim]}. */
    public NDArray embed(NDArray ids) {
        return Embedding.embedding(ids, embeddingMatrix(), SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * A 1-D convolution of odd width {@code k} with zero padding {@code k / 2}: input {@code [B, dim, L]}, weight
     * {@code [filters, dim, k]}, bias {@code [filters]}, giving {@code [B, filters, L]}, written as matrix products
     * with the shifted input rather than with libtorch's convolution:
     * <ul>
     * <li>libtorch 2.7.1's float32 convolution (oneDNN) computes this network's forward pass right but its input
     * gradient wrong on the AMD Zen 5 machines here: about 1.7 % too small, so Integrated Gradients of the demo CNN
     * missed completeness by 0.04 on average and by 0.09 on "the plot is dull and the jokes fall flat" with 2,000
     * path points, where the exact integral has none ({@code DemoCnnTrainingTest});
     * <li>in float64 (training) libtorch has no oneDNN kernel and first asks NNPACK, which on CPUs it does not
     * support writes a warning to stderr on every call; so does the float32 path for a single short text.
     * </ul>
     * Float32 (the served model) takes one product with the {@code k} shifted copies side by side, as fast as
     * oneDNN for Saliency and occlusion and 1.3–1.6× its time for Integrated Gradients; float64 (training) sums the
     * {@code k} products, the order that fixed the demo weights. {@code ConvolveTest} compares both with libtorch.
     */
    static NDArray convolve(NDArray input, NDArray weight, NDArray bias, int k) {
        Shape shape = input.getShape();
        long length = shape.get(2);
        NDArray zeros = input.getManager().zeros(new Shape(shape.get(0), shape.get(1), k / 2), input.getDataType());
        NDArray padded = NDArrays.concat(new NDList(zeros, input, zeros), 2);
        if (input.getDataType() != DataType.FLOAT64) {
            NDList shifted = new NDList();
            for (int j = 0; j < k; j++) {
                shifted.add(padded.get(":, :, " + j + ":" + (j + length)));
            }
            // [filters, dim, k] as [filters, k * dim], matching the shifted copies' order along the channels
            NDArray flat = weight.transpose(0, 2, 1).reshape(weight.getShape().get(0), -1);
            // DJL's concat of a single array returns a copy without autograd history
            NDArray side = k == 1 ? shifted.head() : NDArrays.concat(shifted, 1);
            return flat.matMul(side).add(bias.reshape(1, -1, 1));
        }
        NDArray out = null;
        for (int j = 0; j < k; j++) {
            NDArray term = weight.get(":, :, " + j).matMul(padded.get(":, :, " + j + ":" + (j + length)));
            out = out == null ? term : out.add(term);
        }
        return out.add(bias.reshape(1, -1, 1));
    }

    /** Class logits {@code [B, classes]} from embeddings {@code [B, L, dim]} and a 0/1 mask {@code [B, L]}. */
    public NDArray logits(NDArray x, NDArray mask, boolean training, float dropout) {
        NDArray m = mask.toType(x.getDataType(), false);
        NDArray input = x.mul(m.expandDims(2)).transpose(0, 2, 1);
        List<NDArray> pooled = new ArrayList<>();
        for (int w = 0; w < widths.length; w++) {
            int k = widths[w];
            NDArray conv = convolve(input, params.get(1 + 2 * w), params.get(2 + 2 * w), k);
            pooled.add(Activation.relu(conv).mul(m.expandDims(1)).max(new int[] {2}));
        }
        NDArray features = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(new NDList(pooled), 1);
        if (training && dropout > 0) {
            features = Dropout.dropout(features, dropout, true).singletonOrThrow();
        }
        int last = params.size() - 1;
        return features.matMul(params.get(last - 1)).add(params.get(last));
    }
}
