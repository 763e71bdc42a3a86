package org.xstudy.model.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Memoizes a model output per token-id sequence, for models whose output for a sequence does not depend on what
 * it is batched with. A batch is looked up row by row; the missing distinct sequences go to the model together,
 * once each (perturbation methods send many repeats: KernelSHAP's small coalitions, the original text of every
 * score), and the least recently used entries are evicted beyond {@code capacity}.
 */
public final class IdCache {

    private record Key(long[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(ids, k.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    private final int capacity;
    private final Map<Key, double[]> entries;

    public IdCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) {
                return size() > IdCache.this.capacity;
            }
        };
    }

    /**
     * One output row per id row: cached rows from the cache, the others from one call of {@code model} on the
     * distinct missing rows. With {@code remember} false the cache is neither read nor written (the rows are still
     * sent once each).
     */
    public double[][] apply(List<long[]> rows, boolean remember, Function<List<long[]>, double[][]> model) {
        double[][] out = new double[rows.size()][];
        Map<Key, List<Integer>> missing = new HashMap<>();
        List<long[]> toRun = new ArrayList<>();
        synchronized (entries) {
            for (int i = 0; i < rows.size(); i++) {
                Key key = new Key(rows.get(i));
                double[] hit = remember ? entries.get(key) : null;
                if (hit != null) {
                    out[i] = hit.clone();
                } else {
                    missing.computeIfAbsent(key, k -> {
                        toRun.add(k.ids());
                        return new ArrayList<>();
                    }).add(i);
                }
            }
        }
        if (toRun.isEmpty()) {
            return out;
        }
        double[][] computed = model.apply(toRun);
        synchronized (entries) {
            for (int r = 0; r < toRun.size(); r++) {
                Key key = new Key(toRun.get(r));
                for (int i : missing.get(key)) {
                    out[i] = computed[r].clone();
                }
                if (remember) {
                    entries.put(key, computed[r].clone());
                }
            }
        }
        return out;
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
