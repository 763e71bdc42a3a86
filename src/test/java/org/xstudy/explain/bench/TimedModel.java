package org.xstudy.explain.bench;

import java.util.List;
import org.xstudy.model.Word;
import org.xstudy.model.tokens.Words;
import java.util.concurrent.atomic.AtomicLong;
import org.xstudy.explain.DelegatingDifferentiable;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.WordMaskClassifier;

/** Wraps a model and adds up the time spent inside its forward and backward passes. */
final class TimedModel extends DelegatingDifferentiable implements WordMaskClassifier {

    private final AtomicLong nanos = new AtomicLong();

    TimedModel(TextClassifier inner) {
        super(inner);
    }

    long takeNanos() {
        return nanos.getAndSet(0);
    }

    @Override
    public double[][] predictProba(List<String> texts) {
        long s = System.nanoTime();
        try {
            return inner.predictProba(texts);
        } finally {
            nanos.addAndGet(System.nanoTime() - s);
        }
    }

    /** Passes masks on when the model takes them, else cuts the texts as the methods would. */
    @Override
    public double[][] predictProbaKeeping(String text, List<boolean[]> keeps) {
        long s = System.nanoTime();
        try {
            if (inner instanceof WordMaskClassifier m) {
                return m.predictProbaKeeping(text, keeps);
            }
            List<Word> words = inner.words(text);
            return inner.predictProba(keeps.stream().map(k -> Words.cut(text, words, k)).toList());
        } finally {
            nanos.addAndGet(System.nanoTime() - s);
        }
    }

    @Override
    public List<Gradient> gradients(Encoding encoding, List<double[][]> batch, int target) {
        long s = System.nanoTime();
        try {
            return d().gradients(encoding, batch, target);
        } finally {
            nanos.addAndGet(System.nanoTime() - s);
        }
    }

    @Override
    public List<PathGradients> pathGradients(Encoding encoding, List<double[][]> inputs, List<double[][]> bases,
            double[] alphas, double[] weights, int target) {
        long s = System.nanoTime();
        try {
            return d().pathGradients(encoding, inputs, bases, alphas, weights, target);
        } finally {
            nanos.addAndGet(System.nanoTime() - s);
        }
    }
}
