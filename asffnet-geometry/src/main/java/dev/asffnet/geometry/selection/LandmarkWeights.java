package dev.asffnet.geometry.selection;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The 68 landmark weights {@code w_m} of Eqn 2 ({@code W = Diag(w)}), and their learning from the hinge loss
 * of Eqn 4, {@code l_w = sum_{k != k*} max(0, 1 - (D_a^2(L^d, L^g_k) - D_a^2(L^d, L^g_k*)))}, by gradient
 * descent with the analytic gradient: by the envelope theorem {@code dD_a^2/dw_m = |A(w) L~g_m - L^d_m|^2}.
 * Immutable. Text form: one weight per line in landmark order; {@code #} starts a comment; blank lines are
 * ignored.
 */
public final class LandmarkWeights {
    private static final LandmarkWeights UNIFORM = new LandmarkWeights(filled(1.0));

    private final double[] w;

    private LandmarkWeights(double[] w) {
        this.w = w;
    }

    /**
     * All weights 1 (the unweighted affine distance).
     *
     * @return the uniform weights
     */
    public static LandmarkWeights uniform() {
        return UNIFORM;
    }

    /**
     * Weights as given (copied).
     *
     * @param weights the 68 weights w_m
     * @return the weights
     * @throws InvalidInputException unless 68 finite, non-negative values, not all zero
     */
    public static LandmarkWeights of(double[] weights) {
        Checks.weights(weights);
        return new LandmarkWeights(weights.clone());
    }

    /**
     * The weight w_m of landmark {@code m}.
     *
     * @param m landmark index, 0 to 67
     * @return its weight
     */
    public double get(int m) {
        return w[m];
    }

    /**
     * A copy of the 68 weights.
     *
     * @return the weights in a new array
     */
    public double[] toArray() {
        return w.clone();
    }

    /**
     * These weights rescaled to mean 1 (distances scale, the selected index does not change).
     *
     * @return the rescaled weights
     */
    public LandmarkWeights normalized() {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        double f = w.length / s;
        double[] out = new double[w.length];
        for (int m = 0; m < w.length; m++) {
            out[m] = w[m] * f;
        }
        return new LandmarkWeights(out);
    }

    // ------------------------------------------------------------------ text form

    /**
     * Parses the text form.
     *
     * @param text 68 numbers, one per line; blank lines and {@code #} comments are ignored
     * @return the weights
     * @throws InvalidInputException on a malformed line or a count other than 68, naming the line
     */
    public static LandmarkWeights parse(String text) {
        if (text == null) {
            throw new InvalidInputException("weights text is null");
        }
        double[] out = new double[Landmarks.COUNT];
        int n = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (n == Landmarks.COUNT) {
                throw new InvalidInputException("line " + (i + 1) + ": more than " + Landmarks.COUNT + " weights");
            }
            try {
                out[n++] = Double.parseDouble(line);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("line " + (i + 1) + ": not a number: '" + line + "'", e);
            }
        }
        if (n != Landmarks.COUNT) {
            throw new InvalidInputException("expected " + Landmarks.COUNT + " weights, found " + n);
        }
        return of(out);
    }

    /**
     * The text form, with a header comment; {@link #parse} reads it back exactly.
     *
     * @return the text form
     */
    public String format() {
        StringBuilder sb = new StringBuilder("# ASFFNet landmark weights w_m (Eqn 2), iBUG 68 order, one per line\n");
        for (double v : w) {
            sb.append(Double.toString(v)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads the text form from a file.
     *
     * @param file the weights file (UTF-8)
     * @return the weights
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException if the text is malformed
     */
    public static LandmarkWeights load(Path file) throws IOException {
        if (file == null) {
            throw new InvalidInputException("weights file path is null");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Writes the text form to a file.
     *
     * @param file the target file
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ learning (Eqn 4)

    /**
     * One training example of Eqn 4: the degraded landmarks, the exemplars' landmarks and the index k* of
     * the exemplar that restored best.
     *
     * @param degraded the degraded face's landmarks L^d
     * @param candidates the exemplars' landmarks L^g_k (copied)
     * @param best the index k* of the exemplar that restored best
     */
    public record Tuple(Landmarks degraded, List<Landmarks> candidates, int best) {
        /**
         * Checks the components and copies the candidate list.
         *
         * @param degraded the degraded face's landmarks
         * @param candidates the exemplars' landmarks
         * @param best the index of the best exemplar
         * @throws InvalidInputException if a component is null, the list is empty or {@code best} is out of range
         */
        public Tuple {
            if (degraded == null) {
                throw new InvalidLandmarksException("tuple: degraded landmarks are null");
            }
            if (candidates == null || candidates.isEmpty()) {
                throw new InvalidInputException("tuple: candidate list is null or empty");
            }
            candidates = List.copyOf(candidates);
            if (best < 0 || best >= candidates.size()) {
                throw new InvalidInputException("tuple: best index " + best + " outside [0, " + candidates.size() + ")");
            }
        }
    }

    /**
     * Options of {@link #fit}: Adam-style gradient steps on {@code theta} with {@code w = 68 softmax(theta)}
     * (positive, mean 1), the hinge margin of Eqn 4 (1 in the paper), the starting weights, and
     * {@code uniformPull}, the strength {@code lambda} of an optional penalty
     * {@code lambda/68 sum_m (w_m - 1)^2} toward uniform weights (0, the paper's plain Eqn 4, by default).
     *
     * @param iterations number of gradient steps, at least 0
     * @param learningRate the step size, positive
     * @param margin the hinge margin of Eqn 4, at least 0
     * @param initial the starting weights, all positive
     * @param uniformPull the strength {@code lambda} of the pull toward uniform weights, at least 0
     */
    public record FitOptions(int iterations, double learningRate, double margin, LandmarkWeights initial,
            double uniformPull) {
        /**
         * Checks the ranges.
         *
         * @param iterations number of gradient steps
         * @param learningRate the step size
         * @param margin the hinge margin
         * @param initial the starting weights
         * @param uniformPull the pull toward uniform weights
         * @throws InvalidInputException if a value is out of range or {@code initial} is null or not all positive
         */
        public FitOptions {
            if (iterations < 0 || !(learningRate > 0) || !Double.isFinite(learningRate) || !(margin >= 0)
                    || !Double.isFinite(margin) || initial == null || !(uniformPull >= 0)
                    || !Double.isFinite(uniformPull)) {
                throw new InvalidInputException("fit options: need iterations >= 0, finite learningRate > 0,"
                        + " finite margin >= 0, initial weights and finite uniformPull >= 0; got " + iterations
                        + ", " + learningRate + ", " + margin + ", " + initial + ", " + uniformPull);
            }
            for (int m = 0; m < Landmarks.COUNT; m++) {
                if (!(initial.get(m) > 0)) {
                    throw new InvalidInputException("fit options: initial weight " + m + " must be positive");
                }
            }
        }

        /**
         * 300 iterations, learning rate 0.02, margin 1, uniform start, no pull toward uniform.
         *
         * @return the default options
         */
        public static FitOptions defaults() {
            return new FitOptions(300, 0.02, 1.0, uniform(), 0.0);
        }

        /**
         * Sets the number of iterations.
         *
         * @param n number of gradient steps
         * @return these options with {@code n}
         */
        public FitOptions withIterations(int n) {
            return new FitOptions(n, learningRate, margin, initial, uniformPull);
        }

        /**
         * Sets the learning rate.
         *
         * @param lr the step size
         * @return these options with {@code lr}
         */
        public FitOptions withLearningRate(double lr) {
            return new FitOptions(iterations, lr, margin, initial, uniformPull);
        }

        /**
         * Sets the hinge margin of Eqn 4.
         *
         * @param m the hinge margin
         * @return these options with {@code m}
         */
        public FitOptions withMargin(double m) {
            return new FitOptions(iterations, learningRate, m, initial, uniformPull);
        }

        /**
         * Sets the pull toward uniform weights.
         *
         * @param lambda the penalty strength
         * @return these options with {@code lambda}
         */
        public FitOptions withUniformPull(double lambda) {
            return new FitOptions(iterations, learningRate, margin, initial, lambda);
        }
    }

    /**
     * Mean over tuples of the Eqn 4 hinge loss at weights {@code w}, with {@code D_a^2} the closed-form
     * distance of Eqn 2.
     *
     * @param tuples the training examples
     * @param w the 68 weights
     * @param margin the hinge margin
     * @return the mean loss
     */
    public static double hingeLoss(List<Tuple> tuples, double[] w, double margin) {
        return lossAndGradient(tuples, w, margin, null);
    }

    /**
     * The analytic gradient {@code d hingeLoss / d w} (a subgradient at the hinge kinks).
     *
     * @param tuples the training examples
     * @param w the 68 weights
     * @param margin the hinge margin
     * @return the 68 partial derivatives
     */
    public static double[] hingeLossGradient(List<Tuple> tuples, double[] w, double margin) {
        double[] grad = new double[Landmarks.COUNT];
        lossAndGradient(tuples, w, margin, grad);
        return grad;
    }

    private static double lossAndGradient(List<Tuple> tuples, double[] w, double margin, double[] grad) {
        if (tuples == null || tuples.isEmpty()) {
            throw new InvalidInputException("no training tuples");
        }
        Checks.weights(w);
        double loss = 0;
        for (Tuple t : tuples) {
            int n = t.candidates().size();
            double[][] r2 = new double[n][];
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                r2[k] = AffineDistance.residualsSquared(t.degraded(), t.candidates().get(k), w);
                double s = 0;
                for (int m = 0; m < Landmarks.COUNT; m++) {
                    s += w[m] * r2[k][m];
                }
                d[k] = s;
            }
            int b = t.best();
            for (int k = 0; k < n; k++) {
                double h = margin - (d[k] - d[b]);
                if (k == b || h <= 0) {
                    continue;
                }
                loss += h;
                if (grad != null) {
                    for (int m = 0; m < Landmarks.COUNT; m++) {
                        grad[m] -= r2[k][m] - r2[b][m];
                    }
                }
            }
        }
        double inv = 1.0 / tuples.size();
        if (grad != null) {
            for (int m = 0; m < grad.length; m++) {
                grad[m] *= inv;
            }
        }
        return loss * inv;
    }

    /**
     * Learns weights minimising the Eqn 4 hinge loss over {@code tuples} (plus the optional pull toward
     * uniform, {@link FitOptions#uniformPull()}): gradient steps (Adam moment estimates) on {@code theta} with
     * {@code w = 68 softmax(theta)}, so weights stay positive with mean 1. Returns the weights of the lowest
     * objective seen (the start included).
     *
     * @param tuples the training examples
     * @param options the optimiser options
     * @return the learned weights
     */
    public static LandmarkWeights fit(List<Tuple> tuples, FitOptions options) {
        if (options == null) {
            throw new InvalidInputException("fit options are null; use FitOptions.defaults()");
        }
        int n = Landmarks.COUNT;
        double[] theta = new double[n];
        double[] w0 = options.initial().normalized().w;
        for (int m = 0; m < n; m++) {
            theta[m] = Math.log(w0[m]);
        }
        double[] mom = new double[n];
        double[] vel = new double[n];
        double[] best = softmaxWeights(theta);
        double bestLoss = Double.POSITIVE_INFINITY;
        double b1 = 0.9;
        double b2 = 0.999;
        for (int it = 0; it <= options.iterations(); it++) {
            double[] w = softmaxWeights(theta);
            double[] gw = new double[n];
            double loss = lossAndGradient(tuples, w, options.margin(), gw);
            double pull = options.uniformPull() / n;
            if (pull > 0) {
                for (int m = 0; m < n; m++) {
                    loss += pull * (w[m] - 1) * (w[m] - 1);
                    gw[m] += 2 * pull * (w[m] - 1);
                }
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = w;
            }
            if (it == options.iterations() || loss == 0) {
                break;
            }
            // d/dtheta_j of w = n softmax(theta): w_j (g_j - sum_m w_m g_m / n)
            double mean = 0;
            for (int m = 0; m < n; m++) {
                mean += w[m] * gw[m];
            }
            mean /= n;
            double c1 = 1 - Math.pow(b1, it + 1);
            double c2 = 1 - Math.pow(b2, it + 1);
            for (int j = 0; j < n; j++) {
                double g = w[j] * (gw[j] - mean);
                mom[j] = b1 * mom[j] + (1 - b1) * g;
                vel[j] = b2 * vel[j] + (1 - b2) * g * g;
                theta[j] -= options.learningRate() * (mom[j] / c1) / (Math.sqrt(vel[j] / c2) + 1e-12);
            }
        }
        return new LandmarkWeights(best);
    }

    private static double[] softmaxWeights(double[] theta) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double[] w = new double[theta.length];
        double s = 0;
        for (int m = 0; m < theta.length; m++) {
            w[m] = Math.exp(theta[m] - max);
            s += w[m];
        }
        for (int m = 0; m < theta.length; m++) {
            w[m] = w[m] * theta.length / s;
        }
        return w;
    }

    private static double[] filled(double v) {
        double[] a = new double[Landmarks.COUNT];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LandmarkWeights other && Arrays.equals(w, other.w);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LandmarkWeights[min=%.4g, max=%.4g]",
                Arrays.stream(w).min().orElse(0), Arrays.stream(w).max().orElse(0));
    }
}
