package org.xstudy.model.tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs tokenized texts through a network in padded sub-batches: texts are sorted by length (less padding), split
 * into sub-batches of {@code min(batchSize, ceil(texts / cores))} so that a call of few texts still uses every
 * core, each sub-batch is padded to its longest text, sub-batches run in parallel on the common pool, and the rows
 * come back in the input order.
 */
public final class Batches {

    private Batches() {
    }

    /** One padded sub-batch: ids, attention mask and type ids, each {@code [size * length]}. */
    public record Padded(int size, int length, long[] ids, long[] mask, long[] typeIds) {

        public static Padded of(List<PieceTokenizer.Tokens> batch) {
            int b = batch.size();
            int len = Math.max(1, batch.stream().mapToInt(t -> t.ids().length).max().orElse(1));
            long[] ids = new long[b * len];
            long[] mask = new long[b * len];
            long[] types = new long[b * len];
            for (int i = 0; i < b; i++) {
                long[] row = batch.get(i).ids();
                System.arraycopy(row, 0, ids, i * len, row.length);
                System.arraycopy(batch.get(i).typeIds(), 0, types, i * len, row.length);
                java.util.Arrays.fill(mask, i * len, i * len + row.length, 1L);
            }
            return new Padded(b, len, ids, mask, types);
        }

        /** A padded batch of id rows of single sentences (type ids all zero). */
        public static Padded ofIds(List<long[]> rows) {
            int b = rows.size();
            int len = Math.max(1, rows.stream().mapToInt(r -> r.length).max().orElse(1));
            long[] ids = new long[b * len];
            long[] mask = new long[b * len];
            for (int i = 0; i < b; i++) {
                System.arraycopy(rows.get(i), 0, ids, i * len, rows.get(i).length);
                java.util.Arrays.fill(mask, i * len, i * len + rows.get(i).length, 1L);
            }
            return new Padded(b, len, ids, mask, new long[b * len]);
        }
    }

    /** Applies {@code network} (one output row per text of a padded batch) to all texts. */
    public static double[][] run(List<PieceTokenizer.Tokens> tokens, int batchSize,
            Function<Padded, double[][]> network) {
        return chunked(tokens, t -> t.ids().length, batchSize, chunk -> network.apply(Padded.of(chunk)));
    }

    /** Applies {@code network} to id rows of single sentences, as {@link #run} does to tokenized texts. */
    public static double[][] runIds(List<long[]> rows, int batchSize, Function<Padded, double[][]> network) {
        return chunked(rows, r -> r.length, batchSize, chunk -> network.apply(Padded.ofIds(chunk)));
    }

    /** Rows per sub-batch: {@code rows} spread over {@code cores}, at most {@code batchSize}, at least 1. */
    static int subBatchSize(int rows, int batchSize, int cores) {
        return Math.max(1, Math.min(batchSize, (rows + cores - 1) / Math.max(1, cores)));
    }

    private static <T> double[][] chunked(List<T> tokens, java.util.function.ToIntFunction<T> length, int batchSize,
            Function<List<T>, double[][]> network) {
        Integer[] order = IntStream.range(0, tokens.size()).boxed()
                .sorted(Comparator.comparingInt(i -> length.applyAsInt(tokens.get(i)))).toArray(Integer[]::new);
        int size = subBatchSize(order.length, batchSize, Runtime.getRuntime().availableProcessors());
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            chunks.add(List.of(order).subList(from, Math.min(order.length, from + size)));
        }
        double[][] out = new double[tokens.size()][];
        chunks.parallelStream().forEach(chunk -> {
            double[][] rows = network.apply(chunk.stream().map(tokens::get).toList());
            for (int k = 0; k < chunk.size(); k++) {
                out[chunk.get(k)] = rows[k];
            }
        });
        return out;
    }
}
