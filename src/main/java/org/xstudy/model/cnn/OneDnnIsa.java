package org.xstudy.model.cnn;

import com.sun.jna.NativeLibrary;

/**
 * Keeps libtorch's oneDNN kernels (convolutions) to AVX2 unless {@value #VARIABLE} is set. On AMD Zen 5 (full-width
 * AVX-512) the AVX-512 kernels of libtorch 2.7.1's oneDNN now and then return NaN in the demo CNN's training and
 * attributions, at random steps of the same deterministic computation ({@code CnnClassifierTest} failed about one
 * run in six before). That was not the whole cause: with AVX2 kernels the float32 training of the demo CNN still
 * ended with NaN weights in about half the runs, so training now runs in float64 ({@code CnnNetwork#toTrainable}).
 * The CNNs here are small, so the wider kernels bought nothing measurable.
 *
 * <p>oneDNN reads the variable from the process environment when it first dispatches a kernel, so it is set here,
 * through the C library, before the PyTorch engine is first used; {@code ONEDNN_MAX_CPU_ISA=ALL} restores oneDNN's own
 * choice.
 */
final class OneDnnIsa {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";

    private OneDnnIsa() {
    }

    static synchronized void limitUnlessSet() {
        if (System.getenv(VARIABLE) == null) {
            NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {VARIABLE, "AVX2", 0});
        }
    }
}
