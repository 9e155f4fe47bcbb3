package dev.asffnet.examples;

import com.google.gson.GsonBuilder;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceEmbedder;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxFaceEmbedder;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: the paper's tables on an identity-disjoint test set, through the shipped Java code.
 * Every test image is aligned to the canonical crop (its ground truth), degraded with the Eqn 18 model at
 * each scale with a seed fixed by (identity, image, scale), and restored under several methods: bicubic,
 * the library's photo-level call with landmarks detected on the degraded input (how users run it), the
 * guided model with the selected exemplar and the reference landmarks (all exemplars offered: the upper bound), with 1/3/5/10 random exemplars
 * offered (Table 1), with one random exemplar, the unguided model and ablation models (Tables 2, 3); with
 * detected landmarks also the unguided model and the guided model given another identity's photos (wrong
 * exemplar). Each method gets PSNR, SSIM, identity cosine and the sharpness ratio
 * ({@link ImageQuality#sharpnessRatio}) against the ground truth. Writes {@code results.json},
 * {@code results.md}, a picture grid of typical and worst cases and, with {@code --grids N}, one picture grid
 * per scale of the first N targets.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Quality tables like the paper's on a test set.", "The paper's tables (PSNR / SSIM / identity cosine) on an identity-disjoint test set: bicubic,"
            + " the photo-level call with landmarks detected on the degraded input (real use),"
            + " the guided model with the selected exemplar, with 1/3/5/10 random exemplars offered, with one random"
            + " exemplar, another identity's exemplars (wrong exemplar), and optional unguided and ablation models;"
            + " each also with the sharpness ratio (Laplacian variance of the luma over the ground truth's)."
            + " Writes results.json, results.md, landmarks.json, targets.csv (one line per target and scale),"
            + " cases.png and, with --grids, grid-xS.png."})
final class EvaluateCommand implements Callable<Integer> {
    /** The real-use row: {@code restorePhoto} on the degraded input, landmarks detected on it. */
    static final String DETECTED = "selected, landmarks detected on the degraded input (real use)";
    /** The unguided model through the same photo-level call. */
    static final String UNGUIDED_DETECTED = "unguided, landmarks detected on the degraded input";
    /** The real-use call given every photo of another identity as exemplars. */
    static final String WRONG = "selected from another identity's exemplars, landmarks detected (wrong exemplar)";

    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "FOLDER",
            description = "Folder for results.json, results.md, landmarks.json, targets.csv, cases.png and the grids (created;"
                    + " these files are replaced).")
    Path output;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--unguided-model", paramLabel = "FILE.onnx",
            description = "Model trained without guidance, scored as the method \"unguided\" (Table 2).")
    Path unguidedModel;

    @Option(names = "--ablations", paramLabel = "NAME=FILE.onnx", split = ",",
            description = "Ablation models (Table 3), each scored as a method of that name; comma-separated,"
                    + " e.g. \"no MLS=asffnet-nomls.onnx,no AdaIN=asffnet-noadain.onnx\".")
    Map<String, Path> ablations = new LinkedHashMap<>();

    @Option(names = "--scales", paramLabel = "N[,N...]", split = ",", defaultValue = "4,8",
            description = "Degradation scales. Default: ${DEFAULT-VALUE}.")
    int[] scales;

    @Option(names = "--counts", paramLabel = "K[,K...]", split = ",", defaultValue = "1,3,5,10",
            description = "Numbers of random exemplars offered (Table 1). Default: ${DEFAULT-VALUE}.")
    int[] counts;

    @Option(names = "--per-identity", paramLabel = "N", defaultValue = "2",
            description = "Test images per identity (the rest are its exemplars). Default: ${DEFAULT-VALUE}.")
    int perIdentity;

    @Option(names = "--identities", paramLabel = "N",
            description = "Evaluate only the first N test identities; default: all.")
    Integer identities;

    @Option(names = "--no-wrong-exemplar",
            description = "Skip the wrong-exemplar row. By default every target is also restored as in real use but"
                    + " with all photos of another identity (the next test identity in sorted order) as exemplars,"
                    + " to show how much the right identity's exemplar matters (about one more restore per target).")
    boolean noWrongExemplar;

    @Option(names = "--grids", paramLabel = "N", defaultValue = "0",
            description = "Write grid-xS.png per scale S: the first N targets whose face was found, as degraded input,"
                    + " chosen exemplar (aligned), unguided (with --unguided-model), guided (both with landmarks"
                    + " detected on the degraded input) and ground truth. Default: ${DEFAULT-VALUE} (none).")
    int grids;

    @Option(names = "--size", paramLabel = "N", defaultValue = "128",
            description = "Side of the ground-truth canonical crops. 256 scores faces that large: with the packaged"
                    + " model they go to its 256x256 model (--no-large-face-model: to the 128 model, pasted back), and"
                    + " targets whose crop would come from fewer than 0.75 photo pixels per crop pixel are left out."
                    + " Default: ${DEFAULT-VALUE}.")
    int size;

    @Mixin
    EngineOptions engine;

    /** Running means of one method at one scale. */
    static final class Score {
        double psnr;
        double ssim;
        double identity;
        double sharpness;
        int n;

        void add(double p, double s, double id, double sharp) {
            psnr += p;
            ssim += s;
            identity += id;
            sharpness += sharp;
            n++;
        }

        String md() {
            return n == 0 ? "-" : String.format(Locale.ROOT, "%.2f / %.4f / %.3f", psnr / n, ssim / n, identity / n);
        }

        String sharpnessMd() {
            return n == 0 ? "-" : String.format(Locale.ROOT, "%.3f", sharpness / n);
        }

        /** The means for results.json (rounded as printed), or null when nothing was scored. */
        Map<String, Number> json() {
            if (n == 0) {
                return null;
            }
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("psnr", round(psnr / n, 1e4));
            m.put("ssim", round(ssim / n, 1e5));
            m.put("identity_cosine", round(identity / n, 1e4));
            m.put("sharpness_ratio", round(sharpness / n, 1e4));
            m.put("n", n);
            return m;
        }

        static double round(double v, double scale) {
            return Math.round(v * scale) / scale;
        }
    }

    /**
     * PSNR, SSIM, identity cosine (face embedder, landmarks of the ground truth) and sharpness ratio
     * (Laplacian variance of the luma over the truth's) against the truth.
     */
    record Judge(OnnxFaceEmbedder embedder, FaceImage truth, Landmarks landmarks, float[] truthEmbedding) {
        static Judge of(OnnxFaceEmbedder e, FaceImage truth, Landmarks l) {
            return new Judge(e, truth, l, e.embed(truth, l));
        }

        void score(Score s, FaceImage img) {
            s.add(ImageQuality.psnr(img, truth), ImageQuality.ssim(img, truth),
                    FaceEmbedder.cosine(embedder.embed(img, landmarks), truthEmbedding),
                    ImageQuality.sharpnessRatio(img, truth));
        }
    }

    record Case(double gain, FaceImage input, FaceImage guidance, FaceImage result, FaceImage truth) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (perIdentity < 1) {
            throw new InvalidInputException("--per-identity must be 1 or more, got " + perIdentity);
        }
        if (identities != null && identities < 1) {
            throw new InvalidInputException("--identities must be 1 or more, got " + identities);
        }
        if (grids < 0) {
            throw new InvalidInputException("--grids must be 0 or more, got " + grids);
        }
        if (size < 32 || size % 4 != 0) {
            throw new InvalidInputException("--size must be a multiple of 4 of at least 32, got " + size);
        }
        List<String> files = new ArrayList<>(List.of("results.json", "results.md", "landmarks.json", "targets.csv", "cases.png"));
        for (int s : scales) {
            if (grids > 0) {
                files.add(gridName(s));
            }
        }
        dataSet.checkOutputs(output, "evaluate output", files.toArray(String[]::new));
        List<EvalSet.Group> all = dataSet.groups();
        List<EvalSet.Group> groups = all.subList(0, Math.min(identities == null ? all.size() : identities, all.size()));
        boolean wrong = !noWrongExemplar && all.size() >= 2;
        if (!noWrongExemplar && !wrong) {
            spec.commandLine().getErr().println("no wrong-exemplar row: the test set has a single identity");
        }
        Files.createDirectories(output);
        RestorerOptions base = engine.options();
        Map<String, Restorer> extra = new LinkedHashMap<>();
        Map<String, Map<Integer, Score>> scores = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>(List.of("bicubic", DETECTED));
        if (unguidedModel != null) {
            methods.add(UNGUIDED_DETECTED);
        }
        if (wrong) {
            methods.add(WRONG);
        }
        methods.addAll(List.of("selected", "random exemplar"));
        LandmarkErrors landmarkErrors = new LandmarkErrors();
        for (int k : counts) {
            methods.add(k + " exemplars");
        }
        List<String> mislabelled = new ArrayList<>();
        int tooSmall = 0;
        try (Restorer main = engine.open(base); OnnxFaceEmbedder embedder = new OnnxFaceEmbedder();
             FaceFrontEnd check = new FaceFrontEnd(base.threads())) {
            if (unguidedModel != null) {
                extra.put("unguided", engine.open(base.withModelFile(unguidedModel)));
            }
            for (Map.Entry<String, Path> e : ablations.entrySet()) {
                extra.put(e.getKey(), engine.open(base.withModelFile(e.getValue())));
            }
            Restorer unguided = extra.get("unguided");
            methods.addAll(extra.keySet());
            Map<Integer, List<List<FaceImage>>> gridRows = new LinkedHashMap<>();
            for (String m : methods) {
                Map<Integer, Score> byScale = new LinkedHashMap<>();
                for (int s : scales) {
                    byScale.put(s, new Score());
                }
                scores.put(m, byScale);
            }
            for (int s : scales) {
                gridRows.put(s, new ArrayList<>());
            }
            List<Case> cases = new ArrayList<>();
            StringBuilder targets = new StringBuilder("identity,target,scale,found,confidence,landmark_error,"
                    + "psnr_bicubic,gain_detected_db,gain_clean_db\n");
            int total = 0;
            for (EvalSet.Group g : groups) {
                total += Math.min(perIdentity, g.files().size() - 1) * scales.length;
            }
            ProgressBar bar = ProgressBar.of(spec.commandLine().getErr(), "evaluating", total);
            long t0 = System.nanoTime();
            for (int gi = 0; gi < groups.size(); gi++) {
                EvalSet.Group g = groups.get(gi);
                int tests = Math.min(perIdentity, g.files().size() - 1);
                List<Exemplar> other = new ArrayList<>();
                if (wrong) {        // every photo of the next identity in sorted order (wrapping)
                    EvalSet.Group o = all.get((gi + 1) % all.size());
                    for (int i = 0; i < o.files().size(); i++) {
                        other.add(o.exemplar(i));
                    }
                }
                for (int t = 0; t < tests; t++) {
                    AlignedFace gt = g.groundTruth(t, size);
                    boolean small = size > 128 && gt.cropToPhoto().scale() < MIN_SOURCE_SCALE;   // would be upsampled
                    Optional<String> bad = small ? Optional.empty() : referenceProblem(check, gt);
                    if (small || bad.isPresent()) {   // too small, or mislabelled (its crop is not the face)
                        if (small) {
                            tooSmall++;
                        } else {
                            mislabelled.add(g.identity() + "/" + g.files().get(t).getFileName() + ": " + bad.get());
                        }
                        for (int s : scales) {
                            bar.step();
                        }
                        continue;
                    }
                    List<Exemplar> exemplars = new ArrayList<>();
                    for (int i = 0; i < g.files().size(); i++) {
                        if (i != t) {
                            exemplars.add(g.exemplar(i));
                        }
                    }
                    for (int s : scales) {
                        long seed = 1_000_003L * Long.parseLong(g.identity().replaceAll("\\D", "0")) + 1009L * t + s;
                        FaceImage deg = Degradation.apply(gt.crop(), Degradation.evaluation(seed, s));
                        Exemplar degraded = new Exemplar(deg, gt.landmarks());
                        FaceImage truth = gt.crop();
                        Judge judge = Judge.of(embedder, truth, gt.landmarks());
                        judge.score(scores.get("bicubic").get(s), deg);
                        // real use: the photo-level call detects the landmarks on the degraded input
                        PhotoResult real = photo(main, deg, exemplars);
                        if (real != null) {
                            FaceReport f = real.faces().get(0);
                            boolean bySsd = !(f.box().x() == 0 && f.box().y() == 0 && f.box().width() == deg.width()
                                    && f.box().height() == deg.height());
                            landmarkErrors.add(s, f.landmarks(), gt.landmarks(), bySsd,
                                    ImageQuality.psnr(real.image(), gt.crop()) - ImageQuality.psnr(deg, gt.crop()));
                        } else {
                            landmarkErrors.refused(s);
                        }
                        judge.score(scores.get(DETECTED).get(s), real == null ? deg : real.image());
                        PhotoResult plain = unguided == null ? null : photo(unguided, deg, exemplars);
                        if (unguided != null) {
                            judge.score(scores.get(UNGUIDED_DETECTED).get(s), plain == null ? deg : plain.image());
                        }
                        if (wrong) {
                            PhotoResult w = photo(main, deg, other);
                            judge.score(scores.get(WRONG).get(s), w == null ? deg : w.image());
                        }
                        List<List<FaceImage>> rows = gridRows.get(s);
                        if (real != null && rows.size() < grids) {
                            List<FaceImage> row = new ArrayList<>(List.of(deg,
                                    real.faces().get(0).result().alignedGuidance()));
                            if (unguided != null) {
                                row.add(plain == null ? deg : plain.image());
                            }
                            row.addAll(List.of(real.image(), truth));
                            rows.add(row);
                        }
                        RestoreResult sel = main.restore(degraded, exemplars);
                        FaceImage selected = atInputSize(sel, deg);
                        double p = ImageQuality.psnr(selected, truth);
                        double pb = ImageQuality.psnr(deg, truth);
                        targets.append(String.format(Locale.ROOT, "%s,%s,%d,%b,%.4f,%.4f,%.3f,%.3f,%.3f%n",
                                g.identity(), g.files().get(t).getFileName(), s, real != null,
                                real == null ? Double.NaN : real.faces().get(0).box().score(),
                                real == null ? Double.NaN
                                        : real.faces().get(0).landmarks().normalisedError(gt.landmarks()),
                                pb, real == null ? 0.0 : ImageQuality.psnr(real.image(), truth) - pb, p - pb));
                        judge.score(scores.get("selected").get(s), selected);
                        if (s == scales[0]) {
                            cases.add(new Case(p - ImageQuality.psnr(deg, truth), deg, sel.alignedGuidance(),
                                    selected, truth));
                        }
                        Random rnd = new Random(seed);
                        Exemplar one = exemplars.get(rnd.nextInt(exemplars.size()));
                        judge.score(scores.get("random exemplar").get(s),
                                atInputSize(main.restore(degraded, List.of(one)), deg));
                        for (int k : counts) {
                            List<Exemplar> shuffled = new ArrayList<>(exemplars);
                            Collections.shuffle(shuffled, new Random(seed * 31 + k));
                            List<Exemplar> subset = shuffled.subList(0, Math.min(k, shuffled.size()));
                            judge.score(scores.get(k + " exemplars").get(s), atInputSize(main.restore(degraded, subset), deg));
                        }
                        for (Map.Entry<String, Restorer> e : extra.entrySet()) {
                            judge.score(scores.get(e.getKey()).get(s),
                                    atInputSize(e.getValue().restore(degraded, exemplars), deg));
                        }
                        bar.step();
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String args = String.join(" ", spec.commandLine().getParseResult().originalArgs());
            List<String> gridFiles = new ArrayList<>();
            if (grids > 0) {
                List<String> captions = new ArrayList<>(List.of("degraded input", "chosen exemplar"));
                if (unguided != null) {
                    captions.add("unguided");
                }
                captions.addAll(List.of("guided", "ground truth"));
                for (int s : scales) {
                    if (!gridRows.get(s).isEmpty()) {
                        ContactSheet.write(output.resolve(gridName(s)), gridRows.get(s), captions, 128);
                        gridFiles.add(gridName(s));
                    }
                }
            }
            write(out, scores, groups.size(), secs, args, gridFiles, mislabelled, tooSmall);
            String lm = "\nLandmarks detected on the degraded input (normalised by the reference outer-eye-corner "
                    + "distance):\n\n" + landmarkErrors.markdown();
            AtomicFiles.writeString(output.resolve("results.md"), Files.readString(output.resolve("results.md")) + lm);
            AtomicFiles.writeString(output.resolve("targets.csv"), targets.toString());
            AtomicFiles.writeString(output.resolve("landmarks.json"), new GsonBuilder()
                    .setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(landmarkErrors.json()));
            out.print(lm);
            grid(output.resolve("cases.png"), cases);
            return 0;
        } finally {
            for (Restorer r : extra.values()) {
                r.close();
            }
        }
    }

    /** Least photo pixels per crop pixel of a ground truth above 128 (at most 1.33x upsampled). */
    static final double MIN_SOURCE_SCALE = 0.75;

    /**
     * A restored face as large as its input: the network's crop itself when it has the input's size, else pasted
     * back into the input (a 256 target restored by the 128 model).
     */
    static FaceImage atInputSize(RestoreResult r, FaceImage input) {
        FaceImage out = r.restored();
        if (out.width() == input.width() && out.height() == input.height()) {
            return out;
        }
        return FaceAligner.pasteBack(input, out, r.cropToInput());
    }

    /** The picture grid file of scale {@code s}. */
    static String gridName(int s) {
        return "grid-x" + s + ".png";
    }

    /** The photo-level call, or null when the front end finds no face (the user gets an error: scored as bicubic). */
    private static PhotoResult photo(Restorer r, FaceImage degraded, List<Exemplar> exemplars) {
        try {
            return r.restorePhoto(degraded, exemplars);
        } catch (NoFaceFoundException e) {
            return null;
        }
    }

    /**
     * Why a target's reference landmarks cannot be trusted, if they cannot: the face front end on the CLEAN
     * canonical crop finds no face, or landmarks more than {@value #MISLABELLED_ERROR} of the reference's
     * outer-eye-corner distance away from the reference (on clean faces it is about 0.03-0.05 away). Such a
     * target's "ground truth" crop is not the face, so it is left out of every row and listed.
     */
    static Optional<String> referenceProblem(FaceFrontEnd front, AlignedFace gt) {
        try {
            double e = front.detect(gt.crop()).normalisedError(gt.landmarks());
            return e > MISLABELLED_ERROR ? Optional.of(String.format(Locale.ROOT,
                    "landmarks found on the clean crop are %.2f of the eye distance from the reference", e))
                    : Optional.empty();
        } catch (NoFaceFoundException e) {
            return Optional.of("no face found on the clean crop: " + e.getMessage());
        }
    }

    /** Landmark error on the clean crop above which a reference counts as mislabelled. */
    static final double MISLABELLED_ERROR = 0.25;

    private void write(PrintWriter out, Map<String, Map<Integer, Score>> scores, int ids, double secs, String args,
            List<String> gridFiles, List<String> mislabelled, int tooSmall) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Backend `%s`, %d identities x up to %d test images, %dx%d crops, %.0f s.%n%n",
                engine.backend, ids, perIdentity, size, size, secs));
        if (tooSmall > 0) {
            md.append(String.format(Locale.ROOT, "%d targets left out: their %d crop would come from fewer than %.2f photo"
                    + " pixels per crop pixel.%n%n", tooSmall, size, MIN_SOURCE_SCALE));
        }
        md.append("| method |");
        for (int s : scales) {
            md.append(" x").append(s).append(" PSNR / SSIM / identity | x").append(s).append(" sharpness |");
        }
        md.append("\n|---|").append("---|---|".repeat(scales.length)).append('\n');
        Map<String, Map<String, Map<String, Number>>> methods = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, Score>> e : scores.entrySet()) {
            md.append("| ").append(e.getKey()).append(" |");
            Map<String, Map<String, Number>> byScale = new LinkedHashMap<>();
            for (int s : scales) {
                Score sc = e.getValue().get(s);
                md.append(' ').append(sc.md()).append(" | ").append(sc.sharpnessMd()).append(" |");
                byScale.put("x" + s, sc.json());
            }
            md.append('\n');
            methods.put(e.getKey(), byScale);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", engine.backend);
        json.put("identities", ids);
        json.put("seconds", Math.round(secs));
        json.put("args", args);
        json.put("methods", methods);
        if (scores.containsKey(WRONG)) {
            Map<String, Map<String, Number>> gap = new LinkedHashMap<>();
            List<String> cells = new ArrayList<>();
            for (int s : scales) {
                Score right = scores.get(DETECTED).get(s);
                Score bad = scores.get(WRONG).get(s);
                if (right.n > 0 && bad.n > 0) {
                    double dp = right.psnr / right.n - bad.psnr / bad.n;
                    double ds = right.ssim / right.n - bad.ssim / bad.n;
                    double di = right.identity / right.n - bad.identity / bad.n;
                    cells.add(String.format(Locale.ROOT, "x%d %+.2f / %+.4f / %+.3f", s, dp, ds, di));
                    Map<String, Number> d = new LinkedHashMap<>();
                    d.put("psnr_db", Score.round(dp, 1e4));
                    d.put("ssim", Score.round(ds, 1e5));
                    d.put("identity_cosine", Score.round(di, 1e4));
                    gap.put("x" + s, d);
                }
            }
            md.append("\nRight minus wrong exemplar identity (landmarks detected; PSNR dB / SSIM / identity): ")
                    .append(String.join("; ", cells)).append(".\n");
            json.put("wrong_exemplar", "every photo of the next test identity in sorted order as exemplars");
            json.put("right_minus_wrong_exemplar", gap);
        }
        json.put("size", size);
        json.put("left_out_too_small", tooSmall);
        json.put("grids", gridFiles);
        json.put("left_out_mislabelled", mislabelled);
        if (!mislabelled.isEmpty()) {
            md.append("\nLeft out, reference landmarks not on the face (checked on the clean crop): ")
                    .append(String.join("; ", mislabelled)).append(".\n");
        }
        AtomicFiles.writeString(output.resolve("results.md"), md.toString());
        AtomicFiles.writeString(output.resolve("results.json"),
                new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(json) + "\n");
        out.print(md);
    }

    /** Rows: the three median-gain cases and the three worst, each as input, guidance, result, truth. */
    private static void grid(Path file, List<Case> cases) throws IOException {
        if (cases.isEmpty()) {
            return;
        }
        List<Case> sorted = new ArrayList<>(cases);
        sorted.sort((x, y) -> Double.compare(x.gain(), y.gain()));
        List<Case> pick = new ArrayList<>();
        int mid = sorted.size() / 2;
        for (int i = Math.max(0, mid - 1); i < Math.min(sorted.size(), mid + 2); i++) {
            pick.add(sorted.get(i));
        }
        for (int i = 0; i < Math.min(3, sorted.size()); i++) {
            pick.add(sorted.get(i));
        }
        List<List<FaceImage>> rows = new ArrayList<>();
        for (Case c : pick) {
            rows.add(List.of(c.input(), c.guidance(), c.result(), c.truth()));
        }
        ContactSheet.write(file, rows, List.of("input", "guidance", "result", "ground truth"), 128);
    }
}
