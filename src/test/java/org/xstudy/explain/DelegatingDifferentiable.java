package org.xstudy.explain;

import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.TextClassifier;

/**
 * A test wrapper around a differentiable model (cast when first asked for gradients) that passes its point-by-point calls through; {@code pathGradients}
 * stays the interface's default (made from {@code gradients}) unless a subclass passes it on too.
 */
public abstract class DelegatingDifferentiable extends DelegatingClassifier implements DifferentiableClassifier {

    protected DelegatingDifferentiable(TextClassifier inner) {
        super(inner);
    }

    protected DifferentiableClassifier d() {
        return (DifferentiableClassifier) inner;
    }

    @Override
    public Encoding encode(String text) {
        return d().encode(text);
    }

    @Override
    public double[][] embeddings(Encoding encoding) {
        return d().embeddings(encoding);
    }

    @Override
    public double[][] baseline(Encoding encoding) {
        return d().baseline(encoding);
    }

    @Override
    public List<Gradient> gradients(Encoding encoding, List<double[][]> batch, int target) {
        return d().gradients(encoding, batch, target);
    }
}
