package org.xstudy.model.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void aCallIsSpreadOverTheCoresUpToTheBatchSize() {
        assertEquals(11, Batches.subBatchSize(22, 32, 2));
        assertEquals(32, Batches.subBatchSize(500, 32, 2));
        assertEquals(1, Batches.subBatchSize(1, 32, 2));
        assertEquals(1, Batches.subBatchSize(0, 32, 2));
        assertEquals(1, Batches.subBatchSize(500, 1, 2));
        assertEquals(8, Batches.subBatchSize(15, 32, 2));
    }

    @Test
    void rowsComeBackInTheirOrderFromSubBatchesOfAtMostTheBatchSize() {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            long[] row = new long[1 + (i * 37) % 23];
            row[0] = i;
            rows.add(row);
        }
        ConcurrentLinkedQueue<Batches.Padded> seen = new ConcurrentLinkedQueue<>();
        double[][] out = Batches.runIds(rows, 16, batch -> {
            seen.add(batch);
            double[][] r = new double[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                r[i] = new double[] {batch.ids()[i * batch.length()]};
            }
            return r;
        });
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(new double[] {i}, out[i]);
        }
        for (Batches.Padded b : seen) {
            assertTrue(b.size() <= 16, "sub-batch of " + b.size());
        }
        assertEquals(rows.size(), seen.stream().mapToInt(Batches.Padded::size).sum());
    }
}
