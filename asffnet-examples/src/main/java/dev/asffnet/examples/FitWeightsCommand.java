package dev.asffnet.examples;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fit-weights}: learns the 68 landmark weights of Eqn 2 with the hinge loss of Eqn 4 from the tuples
 * {@code training/tuples.py} writes (for each sample, every candidate's landmarks and the index k* of the
 * candidate that gave the lowest reconstruction error), and reports how often the selector picks k* with
 * uniform and with learned weights on the held-out half of the samples.
 */
@Command(name = "fit-weights", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Learns the landmark weights of guidance selection (Eqn 4).", "Learns the 68 landmark weights of Eqn 2 with the hinge loss of Eqn 4 and reports how often the"
            + " selector picks the best candidate with uniform and with learned weights on the held-out half."})
final class FitWeightsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tuples", required = true, paramLabel = "FILE.csv",
            description = "Selection tuples as training/tuples.py writes them (e.g. training/exports/weight_tuples.csv).")
    Path tuplesFile;

    @Option(names = "--output", paramLabel = "FILE.txt",
            description = "Write the learned weights here (the form --landmark-weights reads); default: only report.")
    Path output;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "300",
            description = "Optimisation iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--margin", paramLabel = "M", defaultValue = "1",
            description = "Hinge margin of Eqn 4. Default: ${DEFAULT-VALUE}.")
    double margin;

    @Option(names = "--uniform-pull", paramLabel = "L", defaultValue = "0",
            description = "Strength of the pull towards uniform weights (regularisation). Default: ${DEFAULT-VALUE}.")
    double uniformPull;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            OutputGuard.check(List.of(new OutputGuard.Output(output, "--output")),
                    List.of(new OutputGuard.Guarded(tuplesFile, "the tuples file")), List.of());
        }
        List<LandmarkWeights.Tuple> tuples = read(tuplesFile);
        int half = tuples.size() / 2;
        List<LandmarkWeights.Tuple> train = tuples.subList(0, half);
        List<LandmarkWeights.Tuple> test = tuples.subList(half, tuples.size());
        LandmarkWeights.FitOptions opts = LandmarkWeights.FitOptions.defaults()
                .withIterations(iterations)
                .withMargin(margin)
                .withUniformPull(uniformPull);
        long t0 = System.nanoTime();
        LandmarkWeights fitted = LandmarkWeights.fit(train, opts);
        double secs = (System.nanoTime() - t0) / 1e9;
        LandmarkWeights uniform = LandmarkWeights.uniform();
        out.printf(Locale.ROOT, "%d tuples (%d fit, %d held out), fit in %.1f s%n", tuples.size(), train.size(),
                test.size(), secs);
        out.printf(Locale.ROOT, "Eqn 4 hinge loss, held out: uniform %.4f, learned %.4f%n",
                LandmarkWeights.hingeLoss(test, uniform.toArray(), opts.margin()),
                LandmarkWeights.hingeLoss(test, fitted.toArray(), opts.margin()));
        out.printf(Locale.ROOT, "selector picks k*, held out: uniform %.1f%%, learned %.1f%% (chance %.1f%%)%n",
                100 * top1(test, uniform), 100 * top1(test, fitted), 100 * chance(test));
        if (output != null) {
            String header = String.format(Locale.ROOT, "# ASFFNet landmark weights (Eqn 2), learned with the Eqn 4 hinge loss"
                    + " (margin %s, uniform pull %s) from %d tuples of %s%n", opts.margin(), opts.uniformPull(), train.size(), tuplesFile.getFileName());
            AtomicFiles.writeString(output, header + fitted.format());
            out.println("wrote " + output);
        }
        return 0;
    }

    static double top1(List<LandmarkWeights.Tuple> tuples, LandmarkWeights w) {
        AffineDistanceSelector s = new AffineDistanceSelector(w);
        int hit = 0;
        for (LandmarkWeights.Tuple t : tuples) {
            if (s.select(t.degraded(), t.candidates()).index() == t.best()) {
                hit++;
            }
        }
        return (double) hit / tuples.size();
    }

    private static double chance(List<LandmarkWeights.Tuple> tuples) {
        return tuples.stream().mapToDouble(t -> 1.0 / t.candidates().size()).average().orElse(0);
    }

    /** Long-format CSV: sample, k, best_k, n_candidates, mse, 136 degraded coords, 136 candidate coords. */
    static List<LandmarkWeights.Tuple> read(Path csv) throws IOException {
        Map<String, List<String[]>> bySample = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] p = line.split(",");
            if (p.length != 5 + 272 || !Character.isDigit(p[1].trim().charAt(0))) {
                continue;
            }
            bySample.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p);
        }
        if (bySample.isEmpty()) {
            throw new InvalidInputException("no tuples in " + csv + " (expected the CSV of training/tuples.py)");
        }
        List<LandmarkWeights.Tuple> out = new ArrayList<>();
        for (List<String[]> rows : bySample.values()) {
            rows.sort((x, y) -> Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1])));
            Landmarks d = coords(rows.get(0), 5);
            List<Landmarks> cands = new ArrayList<>();
            for (String[] r : rows) {
                cands.add(coords(r, 5 + 136));
            }
            out.add(new LandmarkWeights.Tuple(d, cands, Integer.parseInt(rows.get(0)[2])));
        }
        return out;
    }

    private static Landmarks coords(String[] row, int from) {
        return Landmarks.of(Arrays.stream(row, from, from + 136).mapToDouble(Double::parseDouble).toArray());
    }
}
