package dev.asffnet.examples;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.face.FaceAnalyzer;
import dev.asffnet.face.OnnxFaceEmbedder;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.stream.Stream;

/**
 * Prepares training faces: walks {@code DATA/<identity>/*.jpg} (celeba-faces layout), detects faces
 * (SSD MobileNetV1, score &gt; 0.5), keeps the largest box of at least 32 px, runs the 68-point landmarks on it,
 * rejects failed landmarks, embeds the face (face-api's aligned box, unit 128-d), and writes a manifest CSV
 * <b>outside the repository</b>: {@code identity,file,score,box_x,box_y,box_w,box_h,x0,y0,...,x67,y67,
 * e0,...,e127}. With {@code --crops DIR} (default /work/cache/asffnet/aligned) it also writes the canonical
 * FaceAligner crop of every surviving face as {@code DIR/<identity>/<name>.png}.
 *
 * <pre>
 * java -jar asffnet-cli.jar prepare-data [--data ../shared/data/celeba-faces]
 *     [--out /work/cache/asffnet/prepared.csv] [--crops DIR | --no-crops] [--crop-size 256] [--threads 2] [--limit N]
 * </pre>
 * (or {@code java -cp ... dev.asffnet.examples.PrepareData} with the same options).
 *
 * Landmark rejection (a face whose landmarks fail any): at least 90% of the points inside the detector box
 * grown by 25% on each side; the image-left eye centre (36-41) left of the image-right one (42-47);
 * inter-ocular distance between 0.2 and 0.8 of the box width; mouth centre below the eye line.
 * When DATA has a landmarks68.csv, the new landmarks are compared with it (pixel error at a 256 px scale).
 */
@Command(name = "prepare-data", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Detects, filters and aligns a face data set.", "Detects, filters and aligns a face data set (DATA/<identity>/*.jpg) and writes a manifest CSV"
            + " (box, 68 landmarks, identity embedding) outside the repository, with aligned crops."})
public final class PrepareData implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FOLDER", defaultValue = "../shared/data/celeba-faces",
            description = "Data set with one folder per identity. Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE.csv", defaultValue = "/work/cache/asffnet/prepared.csv",
            description = "Manifest to write (replaced); must lie outside any git repository. Default: ${DEFAULT-VALUE}.")
    Path outFile;

    @Option(names = "--crops", paramLabel = "FOLDER", defaultValue = "/work/cache/asffnet/aligned",
            description = "Folder for the aligned crops <identity>/<name>.png. Default: ${DEFAULT-VALUE}.")
    Path cropsDir;

    @Option(names = "--no-crops", description = "Write no crops, only the manifest.")
    boolean noCrops;

    @Option(names = "--crop-size", paramLabel = "PX", defaultValue = "256",
            description = "Side of the aligned crops in pixels. Default: ${DEFAULT-VALUE}.")
    int cropSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Process at most N images; default: all.")
    int limit;

    record Outcome(String identity, String file, String reason, FaceBox box, Landmarks landmarks, float[] embedding,
                   double csvError) {
    }

    /** {@code asffnet-cli prepare-data ARGS}. */
    public static void main(String[] argv) {
        String[] args = new String[argv.length + 1];
        args[0] = "prepare-data";
        System.arraycopy(argv, 0, args, 1, argv.length);
        Main.main(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path out = outFile.toAbsolutePath();
        Path crops = noCrops ? null : cropsDir;
        if (cropSize < 32 || threads < 1 || limit < 1) {
            throw new InvalidInputException("--crop-size must be 32 or more, --threads and --limit 1 or more; got "
                    + cropSize + ", " + threads + ", " + limit);
        }
        OutputGuard.check(List.of(new OutputGuard.Output(out, "--out")), List.of(),
                List.of(new OutputGuard.Guarded(data, "the data folder")));
        if (crops != null && OutputGuard.canonical(crops).startsWith(OutputGuard.canonical(data))) {
            throw new InvalidInputException("--crops " + crops + " is inside the data folder " + data
                    + "; choose a folder outside it");
        }
        if (!Files.isDirectory(data)) {
            throw new InvalidInputException("--data " + data + " is not a folder (expected <identity>/<file>.jpg)");
        }
        if (insideGitRepository(out)) {
            throw new InvalidInputException("--out " + out + " is inside a git repository; write the manifest outside it");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(data, 2)) {
            files = s.filter(p -> p.getNameCount() == data.getNameCount() + 2)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted().limit(limit).toList();
        }
        Path table = data.resolve("landmarks68.csv");
        Map<String, Landmarks> csv = Files.isRegularFile(table) ? LandmarkTable.read(table) : Map.of();
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        try (FaceAnalyzer fa = new FaceAnalyzer(null, 0.5, FaceAnalyzer.DEFAULT_MIN_FACE_SIDE, 1)) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
            ProgressBar bar = ProgressBar.of(spec.commandLine().getErr(), "prepare", files.size());
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    try {
                        return process(fa, data, f, csv, crops, cropSize);
                    } finally {
                        bar.step();
                    }
                }));
            }
            for (Future<Outcome> fu : futures) {
                outcomes.add(fu.get());
            }
            pool.shutdown();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(out.getParent());
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, Integer> perIdentity = new HashMap<>();
        List<Double> csvErrors = new ArrayList<>();
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            StringBuilder h = new StringBuilder("identity,file,score,box_x,box_y,box_w,box_h");
            for (int i = 0; i < 68; i++) {
                h.append(",x").append(i).append(",y").append(i);
            }
            for (int i = 0; i < OnnxFaceEmbedder.DIMENSION; i++) {
                h.append(",e").append(i);
            }
            w.write(h.append('\n').toString());
            for (Outcome o : outcomes) {
                reasons.merge(o.reason(), 1, Integer::sum);
                if (!o.reason().equals("ok")) {
                    continue;
                }
                perIdentity.merge(o.identity(), 1, Integer::sum);
                if (!Double.isNaN(o.csvError())) {
                    csvErrors.add(o.csvError());
                }
                StringBuilder sb = new StringBuilder();
                sb.append(o.identity()).append(',').append(o.file());
                FaceBox b = o.box();
                sb.append(String.format(Locale.ROOT, ",%.4f,%.2f,%.2f,%.2f,%.2f", b.score(), b.x(), b.y(), b.width(), b.height()));
                for (double v : o.landmarks().toArray()) {
                    sb.append(String.format(Locale.ROOT, ",%.2f", v));
                }
                for (float v : o.embedding()) {
                    sb.append(String.format(Locale.ROOT, ",%.6f", v));
                }
                w.write(sb.append('\n').toString());
            }
            w.flush();
        });
        int ok = reasons.getOrDefault("ok", 0);
        long ids = files.stream().map(f -> f.getParent().getFileName().toString()).distinct().count();
        long ids2 = perIdentity.values().stream().filter(n -> n >= 2).count();
        console.printf(Locale.ROOT, "%d images of %d identities in %.1f s (%.1f ms/image, %d threads)%n",
                files.size(), ids, secs, 1000 * secs / Math.max(1, files.size()), threads);
        console.printf(Locale.ROOT, "survive: %d images (%.1f%%), %d identities (%d with >= 2 images)%n", ok,
                100.0 * ok / Math.max(1, files.size()), perIdentity.size(), ids2);
        console.println("outcomes: " + reasons);
        if (!csvErrors.isEmpty()) {
            double[] e = csvErrors.stream().mapToDouble(x -> x).sorted().toArray();
            console.printf(Locale.ROOT, "landmarks vs landmarks68.csv (mean point error, 256 px scale) over %d faces: "
                    + "median %.2f px, mean %.2f px, 95th percentile %.2f px, max %.2f px%n", e.length, e[e.length / 2],
                    Arrays.stream(e).average().orElse(0), e[(int) (0.95 * (e.length - 1))], e[e.length - 1]);
        }
        console.println("manifest: " + out + (crops == null ? " (no crops written)"
                : "; aligned " + cropSize + "x" + cropSize + " crops under " + crops.toAbsolutePath()));
        return 0;
    }

    static Outcome process(FaceAnalyzer fa, Path data, Path f, Map<String, Landmarks> csv, Path crops, int cropSize) {
        String identity = f.getParent().getFileName().toString();
        String rel = data.relativize(f).toString().replace('\\', '/');
        FaceImage img;
        try {
            img = FaceImage.read(f);
        } catch (InvalidInputException e) {
            return new Outcome(identity, rel, "unreadable", null, null, null, Double.NaN);
        }
        if (img.width() < 32 || img.height() < 32) {
            return new Outcome(identity, rel, "too small", null, null, null, Double.NaN);
        }
        FaceBox best = null;
        for (FaceBox b : fa.detector().detect(img)) {
            if (Math.min(b.width(), b.height()) >= FaceAnalyzer.DEFAULT_MIN_FACE_SIDE
                    && (best == null || b.width() * b.height() > best.width() * best.height())) {
                best = b;
            }
        }
        if (best == null) {
            return new Outcome(identity, rel, "no face", null, null, null, Double.NaN);
        }
        Landmarks lm = fa.landmarkDetector().detect(img, best);
        String bad = landmarkProblem(lm, best);
        if (bad != null) {
            return new Outcome(identity, rel, bad, best, lm, null, Double.NaN);
        }
        float[] emb = fa.embedder().embed(img, lm);
        double err = Double.NaN;
        Landmarks ref = csv.get(rel);
        if (ref != null) {
            double s = 0;
            for (int i = 0; i < 68; i++) {
                s += Math.hypot(lm.x(i) - ref.x(i), lm.y(i) - ref.y(i));
            }
            err = s / 68 * 256.0 / Math.max(img.width(), img.height());
        }
        if (crops != null) {
            AlignedFace af = FaceAligner.align(img, lm, cropSize);
            String name = f.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".png";
            Path dst = crops.resolve(identity).resolve(name);
            try {
                Files.createDirectories(dst.getParent());
                af.crop().write(dst);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write crop " + dst, e);
            }
        }
        return new Outcome(identity, rel, "ok", best, lm, emb, err);
    }

    /** Null when the landmarks look like a face in {@code box}, else the reason (see the class comment). */
    static String landmarkProblem(Landmarks lm, FaceBox box) {
        double gx = 0.25 * box.width();
        double gy = 0.25 * box.height();
        int inside = 0;
        for (int i = 0; i < 68; i++) {
            if (lm.x(i) >= box.x() - gx && lm.x(i) <= box.x() + box.width() + gx
                    && lm.y(i) >= box.y() - gy && lm.y(i) <= box.y() + box.height() + gy) {
                inside++;
            }
        }
        if (inside < 0.9 * 68) {
            return "landmarks outside box";
        }
        double[] le = lm.centroid(36, 42);
        double[] re = lm.centroid(42, 48);
        double[] mo = lm.centroid(48, 68);
        if (le[0] >= re[0]) {
            return "eyes swapped";
        }
        double iod = Math.hypot(re[0] - le[0], re[1] - le[1]);
        if (iod < 0.2 * box.width() || iod > 0.8 * box.width()) {
            return "implausible eye distance";
        }
        // mouth below the eye line: positive cross product of (re - le) and (mo - le)
        double cross = (re[0] - le[0]) * (mo[1] - le[1]) - (re[1] - le[1]) * (mo[0] - le[0]);
        if (cross <= 0) {
            return "mouth above eyes";
        }
        return null;
    }

    private static boolean insideGitRepository(Path file) {
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }
}
