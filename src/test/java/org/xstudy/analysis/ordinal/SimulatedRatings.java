package org.xstudy.analysis.ordinal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Ratings simulated from a cumulative logit model with participant and item random intercepts: participant p is in
 * one condition (between subjects), answers each item with probability {@code coverage}, and rates
 * {@code 1 + #(thresholds below condition effect + a_p + b_i + logistic noise)}.
 */
record SimulatedRatings(String name, int participants, int items, double[] conditionEffects,
                        double[] conditionShares, double[] thresholds, double sdParticipant, double sdItem,
                        double coverage, long seed) {

    List<String> conditions() {
        List<String> c = new ArrayList<>();
        for (int j = 0; j < conditionEffects.length; j++) {
            c.add("c" + j);
        }
        return c;
    }

    List<RatingObservation> generate() {
        Random rng = new Random(seed);
        double[] itemEffect = new double[items];
        for (int i = 0; i < items; i++) {
            itemEffect[i] = sdItem * rng.nextGaussian();
        }
        List<RatingObservation> rows = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            int c = pick(rng.nextDouble());
            double a = sdParticipant * rng.nextGaussian();
            for (int i = 0; i < items; i++) {
                if (rng.nextDouble() >= coverage) {
                    continue;
                }
                double q = rng.nextDouble();
                double latent = conditionEffects[c] + a + itemEffect[i] + Math.log(q / (1 - q));
                int rating = 1;
                for (double t : thresholds) {
                    if (latent > t) {
                        rating++;
                    }
                }
                rows.add(new RatingObservation("p" + p, "i" + i, "c" + c, rating));
            }
        }
        return rows;
    }

    private int pick(double u) {
        double cum = 0;
        for (int c = 0; c < conditionShares.length; c++) {
            cum += conditionShares[c];
            if (u < cum) {
                return c;
            }
        }
        return conditionShares.length - 1;
    }

    String csv() {
        StringBuilder sb = new StringBuilder("participant,item,condition,rating\n");
        for (RatingObservation r : generate()) {
            sb.append(r.participant()).append(',').append(r.item()).append(',').append(r.condition()).append(',')
                    .append(r.rating()).append('\n');
        }
        return sb.toString();
    }
}
