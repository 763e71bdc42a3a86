package org.xstudy.explain.method;

import java.util.Random;

/** Seeded Fisher–Yates permutations, and uniformly random derangements (no element stays in place). */
final class Shuffle {

    private Shuffle() {}

    static int[] permutation(Random random, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * A uniformly random derangement of {@code 0..n-1} for {@code n >= 2} (Fisher–Yates, rejecting permutations
     * with a fixed point: on average e ≈ 2.72 draws); {@code n < 2} has none, and gets the identity.
     */
    static int[] derangement(Random random, int n) {
        if (n < 2) {
            return permutation(random, n);
        }
        while (true) {
            int[] p = permutation(random, n);
            boolean fixed = false;
            for (int i = 0; i < n && !fixed; i++) {
                fixed = p[i] == i;
            }
            if (!fixed) {
                return p;
            }
        }
    }
}
