package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceEmbedder;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.OnnxFaceEmbedder;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.image.Degradation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code evaluate}: the paper's tables on an identity-disjoint test set, through the shipped Java code.
 * Every test image is aligned to the canonical crop (its ground truth), degraded with the Eqn 18 model at
 * each scale with a seed fixed by (identity, image, scale), and restored under several methods: bicubic,
 * the library's photo-level call with landmarks detected on the degraded input (how users run it), the
 * guided model with the selected exemplar and the reference landmarks (all exemplars offered: the upper bound), with 1/3/5/10 random exemplars
 * offered (Table 1), with one random exemplar, the unguided model and ablation models (Tables 2, 3).
 * Writes {@code results.json}, {@code results.md} and a picture grid of typical and worst cases.
 */
final class EvaluateCommand {
    /** The real-use row: {@code restorePhoto} on the degraded input, landmarks detected on it. */
    static final String DETECTED = "selected, landmarks detected on the degraded input (real use)";

    private EvaluateCommand() {
    }

    /** Running means of one method at one scale. */
    static final class Score {
        double psnr;
        double ssim;
        double identity;
        int n;

        void add(double p, double s, double id) {
            psnr += p;
            ssim += s;
            identity += id;
            n++;
        }

        String md() {
            return n == 0 ? "-" : String.format(Locale.ROOT, "%.2f / %.4f / %.3f", psnr / n, ssim / n, identity / n);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"psnr\": %.4f, \"ssim\": %.5f, \"identity_cosine\": %.4f, \"n\": %d}",
                    psnr / n, ssim / n, identity / n, n);
        }
    }

    /** PSNR, SSIM and identity cosine (face embedder, landmarks of the ground truth) against the truth. */
    record Judge(OnnxFaceEmbedder embedder, FaceImage truth, Landmarks landmarks, float[] truthEmbedding) {
        static Judge of(OnnxFaceEmbedder e, FaceImage truth, Landmarks l) {
            return new Judge(e, truth, l, e.embed(truth, l));
        }

        void score(Score s, FaceImage img) {
            s.add(ImageQuality.psnr(img, truth), ImageQuality.ssim(img, truth),
                    FaceEmbedder.cosine(embedder.embed(img, landmarks), truthEmbedding));
        }
    }

    record Case(double gain, FaceImage input, FaceImage guidance, FaceImage result, FaceImage truth) {
    }

    static void run(String[] argv) throws IOException {
        Args a = new Args(argv, 0, Set.of("data", "split", "output", "backend", "model", "unguided-model", "ablations", "landmark-weights",
                "scales", "per-identity", "counts", "device", "threads", "identities"));
        Path data = a.get("data").map(Path::of).orElseGet(EvalSet::defaultData);
        Path split = a.get("split").map(Path::of).orElseGet(EvalSet::defaultSplit);
        Path out = a.path("output");
        Files.createDirectories(out);
        String backend = a.get("backend").orElse("onnx");
        int perId = a.integer("per-identity", 2);
        int[] scales = ints(a.get("scales").orElse("4,8"));
        int[] counts = ints(a.get("counts").orElse("1,3,5,10"));
        List<EvalSet.Group> groups = EvalSet.load(data, split);
        int maxIds = a.integer("identities", groups.size());
        groups = groups.subList(0, Math.min(maxIds, groups.size()));
        RestorerOptions base = RestoreCommand.options(a);
        Map<String, Restorer> extra = new LinkedHashMap<>();
        Map<String, Map<Integer, Score>> scores = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>(List.of("bicubic", DETECTED, "selected", "random exemplar"));
        LandmarkErrors landmarkErrors = new LandmarkErrors();
        for (int k : counts) {
            methods.add(k + " exemplars");
        }
        try (Restorer main = Restorers.open(backend, base); OnnxFaceEmbedder embedder = new OnnxFaceEmbedder()) {
            if (a.get("unguided-model").isPresent()) {
                extra.put("unguided", Restorers.open(backend, base.withModelFile(a.path("unguided-model"))));
            }
            for (String spec : a.get("ablations").map(s -> s.split(",")).orElse(new String[0])) {
                String[] kv = spec.split("=", 2);
                extra.put(kv[0], Restorers.open(backend, base.withModelFile(Path.of(kv[1]))));
            }
            methods.addAll(extra.keySet());
            for (String m : methods) {
                Map<Integer, Score> byScale = new LinkedHashMap<>();
                for (int s : scales) {
                    byScale.put(s, new Score());
                }
                scores.put(m, byScale);
            }
            List<Case> cases = new ArrayList<>();
            int total = 0;
            for (EvalSet.Group g : groups) {
                total += Math.min(perId, g.files().size() - 1) * scales.length;
            }
            ProgressBar bar = new ProgressBar(System.err, "evaluating", total);
            long t0 = System.nanoTime();
            for (EvalSet.Group g : groups) {
                int tests = Math.min(perId, g.files().size() - 1);
                for (int t = 0; t < tests; t++) {
                    AlignedFace gt = g.groundTruth(t, 128);
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
                        try {       // real use: the photo-level call detects the landmarks on the degraded input
                            PhotoResult real = main.restorePhoto(deg, exemplars);
                            FaceReport f = real.faces().get(0);
                            judge.score(scores.get(DETECTED).get(s), real.image());
                            boolean bySsd = !(f.box().x() == 0 && f.box().y() == 0 && f.box().width() == deg.width()
                                    && f.box().height() == deg.height());
                            landmarkErrors.add(s, f.landmarks(), gt.landmarks(), bySsd,
                                    ImageQuality.psnr(real.image(), gt.crop()) - ImageQuality.psnr(deg, gt.crop()));
                        } catch (NoFaceFoundException e) {
                            judge.score(scores.get(DETECTED).get(s), deg);
                            landmarkErrors.refused(s);
                        }
                        RestoreResult sel = main.restore(degraded, exemplars);
                        double p = ImageQuality.psnr(sel.restored(), truth);
                        judge.score(scores.get("selected").get(s), sel.restored());
                        if (s == scales[0]) {
                            cases.add(new Case(p - ImageQuality.psnr(deg, truth), deg, sel.alignedGuidance(),
                                    sel.restored(), truth));
                        }
                        Random rnd = new Random(seed);
                        Exemplar one = exemplars.get(rnd.nextInt(exemplars.size()));
                        judge.score(scores.get("random exemplar").get(s), main.restore(degraded, List.of(one)).restored());
                        for (int k : counts) {
                            List<Exemplar> shuffled = new ArrayList<>(exemplars);
                            Collections.shuffle(shuffled, new Random(seed * 31 + k));
                            List<Exemplar> subset = shuffled.subList(0, Math.min(k, shuffled.size()));
                            judge.score(scores.get(k + " exemplars").get(s), main.restore(degraded, subset).restored());
                        }
                        for (Map.Entry<String, Restorer> e : extra.entrySet()) {
                            judge.score(scores.get(e.getKey()).get(s), e.getValue().restore(degraded, exemplars).restored());
                        }
                        bar.step();
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            write(out, scores, scales, groups.size(), perId, secs, backend, String.join(" ", argv));
            String lm = "\nLandmarks detected on the degraded input (normalised by the reference outer-eye-corner "
                    + "distance):\n\n" + landmarkErrors.markdown();
            Files.writeString(out.resolve("results.md"), lm, java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(out.resolve("landmarks.json"), new com.google.gson.GsonBuilder().setPrettyPrinting()
                    .serializeSpecialFloatingPointValues().create().toJson(landmarkErrors.json()));
            System.out.print(lm);
            grid(out.resolve("cases.png"), cases);
        } finally {
            for (Restorer r : extra.values()) {
                r.close();
            }
        }
    }

    private static void write(Path out, Map<String, Map<Integer, Score>> scores, int[] scales, int ids, int perId,
            double secs, String backend, String args) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Backend `%s`, %d identities x up to %d test images, %.0f s.%n%n", backend,
                ids, perId, secs));
        md.append("| method |");
        for (int s : scales) {
            md.append(" x").append(s).append(" PSNR / SSIM / identity |");
        }
        md.append("\n|---|").append("---|".repeat(scales.length)).append('\n');
        StringBuilder json = new StringBuilder("{\n  \"backend\": \"" + backend + "\", \"identities\": " + ids
                + ", \"seconds\": " + Math.round(secs) + ",\n  \"args\": \"" + args.replace("\"", "'") + "\",\n  \"methods\": {\n");
        int mi = 0;
        for (Map.Entry<String, Map<Integer, Score>> e : scores.entrySet()) {
            md.append("| ").append(e.getKey()).append(" |");
            json.append("    \"").append(e.getKey()).append("\": {");
            int si = 0;
            for (int s : scales) {
                Score sc = e.getValue().get(s);
                md.append(' ').append(sc.md()).append(" |");
                json.append(si++ > 0 ? ", " : "").append("\"x").append(s).append("\": ").append(sc.n == 0 ? "null" : sc.json());
            }
            md.append('\n');
            json.append(mi++ < scores.size() - 1 ? "},\n" : "}\n");
        }
        json.append("  }\n}\n");
        Files.writeString(out.resolve("results.md"), md.toString());
        Files.writeString(out.resolve("results.json"), json.toString());
        System.out.print(md);
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
        ImageIO.write(ContactSheet.of(rows, List.of("input", "guidance", "result", "ground truth"), 128), "png",
                file.toFile());
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
