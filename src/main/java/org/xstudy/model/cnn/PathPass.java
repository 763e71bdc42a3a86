package org.xstudy.model.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * One forward and backward pass along straight paths, done in libtorch: for {@code m} inputs and their bases
 * ({@code [m, length, dim]} each), the points {@code base + α_k (input − base)} for every {@code α_k}, F (the target
 * logit) at each point, and per input the weighted sum of the gradients {@code Σ_k w_k ∇F(point k)}, taken in float64.
 * Only the inputs, the bases and the sums cross between Java and libtorch, not each point and its gradient: for a
 * 50-step Integrated Gradients that is 3 rows of floats instead of 102.
 *
 * @param outputs F at point k of input i at {@code outputs[i * alphas.length + k]}
 * @param sums the weighted sum for input i at {@code sums[i * length * dim + t * dim + d]}
 */
public record PathPass(float[] outputs, double[] sums) {

    /** Whether every output and every sum is finite (libtorch's kernels now and then give NaN, see {@link Torch}). */
    public boolean finite() {
        if (!Torch.finite(outputs)) {
            return false;
        }
        for (double v : sums) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** F along the path of input {@code i}, one value per α. */
    public double[] outputsOf(int i, int alphas) {
        double[] out = new double[alphas];
        for (int k = 0; k < alphas; k++) {
            out[k] = outputs[i * alphas + k];
        }
        return out;
    }

    /** The weighted sum of input {@code i} at the given rows of its {@code [length, dim]} matrix, {@code [rows][dim]}. */
    public double[][] sumRows(int i, int[] rows, int length, int dim) {
        double[][] out = new double[rows.length][dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(sums, (i * length + rows[r]) * dim, out[r], 0, dim);
        }
        return out;
    }

    /**
     * Runs the pass, again (up to {@link Torch#ATTEMPTS} in all) while its result is not finite. The caller holds no
     * lock; each attempt takes {@link Torch#LOCK}. {@code logits} maps the points {@code [m · alphas, length, dim]}
     * to the logits {@code [m · alphas, classes]}, with tensors of the manager it is given.
     */
    public static PathPass run(NDManager parent, float[] inputs, float[] bases, Shape shape, double[] alphas,
            double[] weights, int target, Function<NDArray, NDArray> logits) {
        return Torch.untilFinite(() -> once(parent, inputs, bases, shape, alphas, weights, target, logits),
                PathPass::finite);
    }

    private static PathPass once(NDManager parent, float[] inputs, float[] bases, Shape shape, double[] alphas,
            double[] weights, int target, Function<NDArray, NDArray> logits) {
        long m = shape.get(0);
        long len = shape.get(1);
        long dim = shape.get(2);
        int n = alphas.length;
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) alphas[k];
        }
        Torch.LOCK.lock();
        try (NDManager sub = parent.newSubManager()) {
            NDArray base = sub.create(bases, shape).expandDims(1);
            NDArray delta = sub.create(inputs, shape).expandDims(1).sub(base);
            NDArray points = base.add(delta.mul(sub.create(a, new Shape(1, n, 1, 1))))
                    .reshape(m * n, len, dim);
            points.setRequiresGradient(true);
            try (GradientCollector collector = Torch.collector()) {
                NDArray selected = logits.apply(points).get(":, " + target);
                float[] outputs = Torch.floats(selected);
                collector.backward(selected.sum());
                NDArray grads = points.getGradient().reshape(m, n, len * dim).toType(DataType.FLOAT64, false);
                NDArray sums = sub.create(weights, new Shape(1, 1, n)).matMul(grads);
                return new PathPass(outputs, sums.toDoubleArray());
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }
}
