package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.xstudy.model.DifferentiableClassifier.Gradient;

/**
 * The adaptive rule of Integrated Gradients: the trapezoid rule on panels of the path {@code [0, 1]}, refined only
 * where it is not yet accurate. Each gradient evaluation at a path point α also gives the model's output F there, so
 * on a panel {@code [a, b]} the exact integral of the path derivative {@code g(α) = (x − x')·∇F(γ(α))} is known:
 * {@code F(γ(b)) − F(γ(a))}. The trapezoid's local gap {@code e = (b − a)(g(a) + g(b))/2 − (F(γ(b)) − F(γ(a)))} is
 * therefore exact, not estimated, and the completeness gap of the whole attribution is {@code |Σ e|}.
 *
 * <p>The path starts as {@code steps} equal panels. While {@code Σ |e|} exceeds the tolerance, each round splits the
 * panels with the largest {@code |e|} until the unsplit ones add up to at most half the tolerance, and evaluates
 * all new points of all inputs in one batched gradient call. On a ReLU network the path derivative is piecewise
 * constant; one kink at {@code c} in a panel satisfies {@code (c − a)g(a) + (b − c)g(b) = F(γ(b)) − F(γ(a))}, so a
 * panel is split at {@code c ± ε} around that estimate (or halved when the estimate falls outside it), which leaves
 * the kink in a short middle panel. The attribution is the plain trapezoid over the final points: the F values only
 * choose where to evaluate, so the reported gap stays an honest measure of the quadrature error. Stops after
 * {@value #MAX_ROUNDS} rounds or at {@code maxPoints} points per input.
 */
final class AdaptivePath {

    static final int MAX_ROUNDS = 8;
    private static final double MIN_WIDTH = 1e-7;

    /** One evaluated point: α, F(γ(α)), the path derivative g(α) and the gradient ∇F(γ(α)). */
    private record Point(double alpha, double output, double slope, double[][] grad) {}

    private final double[][] base;
    private final double[][] input;
    private final double[][] delta;
    private final List<Point> points = new ArrayList<>();
    private int rounds;

    private AdaptivePath(double[][] base, double[][] input) {
        this.base = base;
        this.input = input;
        this.delta = new double[input.length][];
        for (int p = 0; p < input.length; p++) {
            delta[p] = new double[input[p].length];
            for (int d = 0; d < input[p].length; d++) {
                delta[p][d] = input[p][d] - base[p][d];
            }
        }
    }

    /**
     * Integrates every input's path adaptively; {@code gradients} evaluates a batch of embedding matrices in one
     * model call. Returns the paths, whose {@link #attribution()} and diagnostics are then read.
     */
    static List<AdaptivePath> integrate(List<double[][]> inputs, List<double[][]> bases, int steps, double tolerance,
            int maxPoints, Function<List<double[][]>, List<Gradient>> gradients) {
        List<AdaptivePath> paths = new ArrayList<>(inputs.size());
        List<double[]> pending = new ArrayList<>(inputs.size());
        double[] grid = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            grid[k] = (double) k / steps;
        }
        for (int i = 0; i < inputs.size(); i++) {
            paths.add(new AdaptivePath(bases.get(i), inputs.get(i)));
            pending.add(grid);
        }
        for (int round = 0; round <= MAX_ROUNDS; round++) {
            List<double[][]> batch = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                for (double alpha : pending.get(i)) {
                    batch.add(paths.get(i).at(alpha));
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            List<Gradient> grads = gradients.apply(batch);
            int next = 0;
            for (int i = 0; i < paths.size(); i++) {
                AdaptivePath path = paths.get(i);
                for (double alpha : pending.get(i)) {
                    path.add(alpha, grads.get(next++));
                }
                path.rounds++;
                pending.set(i, round == MAX_ROUNDS ? new double[0] : path.splits(tolerance, maxPoints));
            }
        }
        return paths;
    }

    private double[][] at(double alpha) {
        double[][] out = new double[input.length][];
        for (int p = 0; p < input.length; p++) {
            out[p] = new double[input[p].length];
            for (int d = 0; d < input[p].length; d++) {
                out[p][d] = base[p][d] + alpha * delta[p][d];
            }
        }
        return out;
    }

    private void add(double alpha, Gradient g) {
        double slope = 0;
        for (int p = 0; p < delta.length; p++) {
            for (int d = 0; d < delta[p].length; d++) {
                slope += delta[p][d] * g.grad()[p][d];
            }
        }
        Point point = new Point(alpha, g.output(), slope, g.grad());
        int at = 0;
        while (at < points.size() && points.get(at).alpha() < alpha) {
            at++;
        }
        points.add(at, point);
    }

    /** The trapezoid's exact local gap on the panel from point {@code j} to point {@code j + 1}. */
    private double localGap(int j) {
        Point a = points.get(j);
        Point b = points.get(j + 1);
        return (b.alpha() - a.alpha()) * (a.slope() + b.slope()) / 2 - (b.output() - a.output());
    }

    /** Where one kink would lie in the panel, for F to change as it does between its ends (NaN: no jump). */
    private static double kink(Point a, Point b) {
        double jump = a.slope() - b.slope();
        return jump == 0 ? Double.NaN
                : (b.output() - a.output() + a.alpha() * a.slope() - b.alpha() * b.slope()) / jump;
    }

    /** The new points of the next round: none once the local gaps add up to at most {@code tolerance}. */
    private double[] splits(double tolerance, int maxPoints) {
        int panels = points.size() - 1;
        double[] gaps = new double[panels];
        double remaining = 0;
        Integer[] order = new Integer[panels];
        for (int j = 0; j < panels; j++) {
            gaps[j] = Math.abs(localGap(j));
            remaining += gaps[j];
            order[j] = j;
        }
        if (remaining <= tolerance) {
            return new double[0];
        }
        Arrays.sort(order, (u, v) -> Double.compare(gaps[v], gaps[u]));
        double[] out = new double[2 * panels];
        int n = 0;
        for (int k = 0; k < panels && remaining > tolerance / 2; k++) {
            int j = order[k];
            if (points.size() + n + 2 > maxPoints) {
                break;
            }
            if (points.get(j + 1).alpha() - points.get(j).alpha() < MIN_WIDTH) {
                continue;
            }
            remaining -= gaps[j];
            n = split(points.get(j), points.get(j + 1), out, n);
        }
        return Arrays.copyOf(out, n);
    }

    /** Adds the points that split the panel from {@code a} to {@code b} to {@code out} from {@code n}. */
    private static int split(Point a, Point b, double[] out, int n) {
        double w = b.alpha() - a.alpha();
        double kink = kink(a, b);
        if (!(kink > a.alpha() && kink < b.alpha())) {
            out[n++] = a.alpha() + w / 2;
            return n;
        }
        double eps = w / 32;
        if (kink - eps > a.alpha() + w / 64) {
            out[n++] = kink - eps;
        }
        if (kink + eps < b.alpha() - w / 64) {
            out[n++] = kink + eps;
        }
        return n;
    }

    /** Per-element attributions: {@code (x − x') ·} the trapezoid over the points of the path. */
    double[][] attribution() {
        double[][] attr = new double[delta.length][];
        for (int p = 0; p < delta.length; p++) {
            attr[p] = new double[delta[p].length];
        }
        for (int j = 0; j + 1 < points.size(); j++) {
            double half = (points.get(j + 1).alpha() - points.get(j).alpha()) / 2;
            for (int side = 0; side < 2; side++) {
                double[][] g = points.get(j + side).grad();
                for (int p = 0; p < delta.length; p++) {
                    for (int d = 0; d < delta[p].length; d++) {
                        attr[p][d] += half * g[p][d];
                    }
                }
            }
        }
        for (int p = 0; p < delta.length; p++) {
            for (int d = 0; d < delta[p].length; d++) {
                attr[p][d] *= delta[p][d];
            }
        }
        return attr;
    }

    double outputAtInput() {
        return points.get(points.size() - 1).output();
    }

    double outputAtBaseline() {
        return points.get(0).output();
    }

    int pointCount() {
        return points.size();
    }

    int rounds() {
        return rounds;
    }
}
