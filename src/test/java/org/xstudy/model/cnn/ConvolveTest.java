package org.xstudy.model.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both convolutions of the CNN are libtorch's float64 conv1d, in their values and in their gradients. */
class ConvolveTest {

    @Test
    void float64ShiftedMatrixProductsEqualLibtorchsConv1dAndTheirGradients() {
        Random random = new Random(11);
        Torch.LOCK.lock();
        try (NDManager m = NDManager.newBaseManager(Torch.ENGINE)) {
            for (int k : new int[] {1, 3, 5}) {
                NDArray x = m.create(gaussian(random, 3 * 8 * 11), new Shape(3, 8, 11));
                NDArray w = m.create(gaussian(random, 5 * 8 * k), new Shape(5, 8, k));
                NDArray b = m.create(gaussian(random, 5), new Shape(5));
                NDArray r = m.create(gaussian(random, 3 * 5 * 11), new Shape(3, 5, 11));
                double[][] ours = valueAndGradients(x, w, b, r, (xs, ws, bs) -> CnnNetwork.convolve(xs, ws, bs, k));
                double[][] libtorch = valueAndGradients(x, w, b, r, (xs, ws, bs) -> Conv1d.conv1d(xs, ws, bs,
                        new Shape(1), new Shape(k / 2), new Shape(1), 1).singletonOrThrow());
                for (int part = 0; part < ours.length; part++) {
                    for (int i = 0; i < ours[part].length; i++) {
                        assertEquals(libtorch[part][i], ours[part][i], 1e-12, "width " + k + ", part " + part);
                    }
                }
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }

    /** The served (float32) convolution at the demo CNN's shapes, against libtorch's float64 conv1d. */
    @Test
    void float32ProductOfShiftedCopiesEqualsConv1dAndItsGradients() {
        Random random = new Random(12);
        Torch.LOCK.lock();
        try (NDManager m = NDManager.newBaseManager(Torch.ENGINE)) {
            for (int k : new int[] {1, 3, 5}) {
                int batch = 3;
                int dim = 64;
                int filters = 100;
                int length = 9;
                NDArray x = m.create(gaussian(random, batch * dim * length), new Shape(batch, dim, length));
                NDArray w = m.create(gaussian(random, filters * dim * k), new Shape(filters, dim, k)).div(8);
                NDArray b = m.create(gaussian(random, filters), new Shape(filters));
                NDArray r = m.create(gaussian(random, batch * filters * length), new Shape(batch, filters, length));
                double[][] ours = valueAndGradients(x.toType(DataType.FLOAT32, true), w.toType(DataType.FLOAT32, true),
                        b.toType(DataType.FLOAT32, true), r.toType(DataType.FLOAT32, true),
                        (xs, ws, bs) -> CnnNetwork.convolve(xs, ws, bs, k));
                double[][] reference = valueAndGradients(x, w, b, r, (xs, ws, bs) -> Conv1d.conv1d(xs, ws, bs,
                        new Shape(1), new Shape(k / 2), new Shape(1), 1).singletonOrThrow());
                for (int part = 0; part < ours.length; part++) {
                    double scale = 0;
                    for (double v : reference[part]) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < ours[part].length; i++) {
                        assertEquals(reference[part][i], ours[part][i], 1e-5 * scale, "width " + k + ", part " + part
                                + " (0 output, 1 input gradient, 2 weight, 3 bias), element " + i);
                    }
                }
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }

    interface Conv {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /** The output, and the gradients of Σ output·r for the input, the weight and the bias (on fresh copies). */
    private static double[][] valueAndGradients(NDArray x0, NDArray w0, NDArray b0, NDArray r, Conv conv) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        NDArray b = b0.duplicate();
        for (NDArray a : new NDArray[] {x, w, b}) {
            a.setRequiresGradient(true);
        }
        try (GradientCollector collector = Torch.collector()) {
            NDArray out = conv.apply(x, w, b);
            collector.backward(out.mul(r).sum());
            return new double[][] {Torch.doubles(out), Torch.doubles(x.getGradient()), Torch.doubles(w.getGradient()),
                    Torch.doubles(b.getGradient())};
        }
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
