package org.xstudy.analysis.mixed;

import java.util.List;
import org.xstudy.common.Problem;

/** The size, design and simulation settings of a power request, with their limits and defaults. */
record PowerSettings(int participants, int items, boolean within, int simulations, double alpha, long seed) {

    /** At most this many simulated answers (simulations × participants × items) per request. */
    public static final long MAX_SIMULATED_ANSWERS = 2_000_000;
    public static final int MAX_ANSWERS_PER_STUDY = 100_000;

    /** The settings of a request, checked; each bad one adds an error naming its field. */
    static PowerSettings of(List<Problem.FieldError> errors, Integer participants, Integer items, String design,
                            Integer simulations, Double alpha, Long seed) {
        int n = participants == null ? 0 : participants;
        int m = items == null ? 0 : items;
        int sims = simulations == null ? 500 : simulations;
        double a = alpha == null ? 0.05 : alpha;
        if (n < 2) {
            errors.add(new Problem.FieldError("/participants", "At least 2 participants."));
        }
        if (m < 2) {
            errors.add(new Problem.FieldError("/items", "At least 2 items."));
        }
        if ((long) n * m > MAX_ANSWERS_PER_STUDY) {
            errors.add(new Problem.FieldError("/items", "At most " + MAX_ANSWERS_PER_STUDY
                    + " answers (participants × items) per simulated study."));
        }
        if (design != null && !design.equals("between") && !design.equals("within")) {
            errors.add(new Problem.FieldError("/design", "between or within."));
        }
        if (sims < 1 || (long) sims * n * m > MAX_SIMULATED_ANSWERS) {
            errors.add(new Problem.FieldError("/simulations", "At least 1, and at most " + MAX_SIMULATED_ANSWERS
                    + " simulated answers in all (simulations × participants × items)."));
        }
        if (!(a > 0 && a < 1)) {
            errors.add(new Problem.FieldError("/alpha", "Strictly between 0 and 1."));
        }
        return new PowerSettings(n, m, "within".equals(design), sims, a, seed == null ? 20201L : seed);
    }
}
