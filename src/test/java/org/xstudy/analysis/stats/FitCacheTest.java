package org.xstudy.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FitCacheTest {

    static FitCache.Key key(int[] y, double[][] x, List<String> names, double confidence) {
        return FitCache.key("test").ints(y).rows(x).texts(names).number(confidence);
    }

    @Test
    void theSameDataIsFittedOnceAndAnyChangedNumberOrNameFitsAgain() {
        FitCache<Object> cache = new FitCache<>(8);
        AtomicInteger fits = new AtomicInteger();
        int[] y = {1, 0, 1};
        double[][] x = {{1, 0}, {1, 1}, {1, 0}};
        Object first = cache.get(key(y, x, List.of("a", "b"), 0.95), () -> new Object[] {fits.incrementAndGet()});
        assertSame(first, cache.get(key(y.clone(), new double[][] {{1, 0}, {1, 1}, {1, 0}}, List.of("a", "b"), 0.95),
                () -> new Object[] {fits.incrementAndGet()}), "equal data, not the same arrays");
        assertEquals(1, fits.get());
        List<FitCache.Key> changed = List.of(key(new int[] {1, 1, 1}, x, List.of("a", "b"), 0.95),
                key(y, new double[][] {{1, 0}, {1, 1}, {1, 1e-12}}, List.of("a", "b"), 0.95),
                key(y, x, List.of("a", "c"), 0.95), key(y, x, List.of("ab"), 0.95), key(y, x, List.of("a", "b"), 0.9));
        for (FitCache.Key k : changed) {
            assertNotSame(first, cache.get(k, () -> new Object[] {fits.incrementAndGet()}));
        }
        assertEquals(1 + changed.size(), fits.get());
    }

    @Test
    void aFitThatFailsIsNotKept() {
        FitCache<String> cache = new FitCache<>(8);
        AtomicInteger calls = new AtomicInteger();
        FitCache.Key k = key(new int[] {0, 1}, new double[][] {{1}, {1}}, List.of("a"), 0.95);
        assertThrows(ArithmeticException.class, () -> cache.get(k, () -> {
            calls.incrementAndGet();
            throw new ArithmeticException("the optimiser reached its evaluation limit");
        }));
        FitCache.Key again = key(new int[] {0, 1}, new double[][] {{1}, {1}}, List.of("a"), 0.95);
        assertEquals("fitted", cache.get(again, () -> {
            calls.incrementAndGet();
            return "fitted";
        }));
        assertEquals(2, calls.get());
    }
}
