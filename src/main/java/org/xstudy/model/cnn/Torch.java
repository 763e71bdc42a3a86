package org.xstudy.model.cnn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Access to the DJL PyTorch engine. DJL allows one gradient collector per process, so every backward pass (of
 * training steps and of attribution calls) runs under {@link #LOCK}; training takes it per step, not per run.
 *
 * <p>Since calls are serialized anyway, libtorch runs each on one thread ({@value #THREADS_PROPERTY} = 1 unless
 * set): its default of one OpenMP thread per core spin-waits, which on a busy machine made an Integrated Gradients
 * call several times slower. Any use of {@link #ENGINE} sets this before the engine loads.
 */
public final class Torch {

    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    public static final String ENGINE = oneThreadUnlessSet("PyTorch");
    public static final ReentrantLock LOCK = new ReentrantLock();

    private Torch() {
    }

    private static String oneThreadUnlessSet(String engine) {
        OneDnnIsa.limitUnlessSet();
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        return engine;
    }

    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * How many times a gradient call is made before its non-finite result is given back as it is. On AMD Zen 5,
     * libtorch 2.7.1's float32 CPU kernels returned a NaN input gradient for up to 0.3 % of the demo CNN's
     * gradient calls (0, 0, 3 and 17 of 6,000 calls of random inputs in four processes), and a repeated call
     * mostly does not (2 of 3 were finite). Whatever still is not finite is refused where explanations are made.
     */
    public static final int ATTEMPTS = 3;

    /** The result of {@code pass}, made again (up to {@link #ATTEMPTS} in all) while it is not finite. */
    public static float[][] untilFinite(java.util.function.Supplier<float[][]> pass) {
        return untilFinite(pass, Torch::finite);
    }

    /** The result of {@code pass}, made again (up to {@link #ATTEMPTS} in all) while {@code finite} says no. */
    public static <T> T untilFinite(java.util.function.Supplier<T> pass, java.util.function.Predicate<T> finite) {
        T out = pass.get();
        for (int attempt = 2; attempt <= ATTEMPTS && !finite.test(out); attempt++) {
            out = pass.get();
        }
        return out;
    }

    /** True when every value of every array is finite. */
    public static boolean finite(float[]... arrays) {
        for (float[] a : arrays) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The values of {@code a} as floats. A converted copy is closed at once: {@code toType} would otherwise leave it
     * in {@code a}'s manager, which for a served model's parameters lives as long as the model.
     */
    public static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray converted = a.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    /** The values of {@code a} as doubles, as {@link #floats} does. */
    public static double[] doubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        try (NDArray converted = a.toType(DataType.FLOAT64, true)) {
            return converted.toDoubleArray();
        }
    }

    /** A new gradient collector; call while holding {@link #LOCK}. */
    public static GradientCollector collector() {
        return engine().newGradientCollector();
    }
}
