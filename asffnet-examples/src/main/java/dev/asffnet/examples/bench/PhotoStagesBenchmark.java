package dev.asffnet.examples.bench;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.ExemplarAlbum;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.FaceTracker;
import dev.asffnet.face.OnnxLandmarkDetector;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.GuidedRestorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Folder mode's cost per further photo, by stage, in one warm JVM (docs/benchmarks.md, "Folder mode per
 * photo"): the photo-level call on each photo of a folder with one prepared exemplar album, after the set-up
 * that a folder run pays once. Stages are timed by calling the same components the photo-level call uses.
 *
 * <pre>
 * java -cp asffnet-examples/target/asffnet-cli.jar dev.asffnet.examples.bench.PhotoStagesBenchmark \
 *     --photos DIR --exemplars DIR [--threads 0] [--rounds 5] [--detector ssd|tiny]
 * </pre>
 */
public final class PhotoStagesBenchmark {
    private PhotoStagesBenchmark() {
    }

    /**
     * Prints one markdown row per stage: median ms per photo over all photos and rounds, and the range.
     *
     * @param argv {@code --photos DIR --exemplars DIR --threads N --rounds N --detector ssd|tiny}
     * @throws Exception on I/O or engine failure
     */
    public static void main(String[] argv) throws Exception {
        Path photos = null;
        Path album = null;
        int threads = 0;
        int rounds = 5;
        FaceFrontEnd.Detector choice = FaceFrontEnd.Detector.SSD;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            String v = argv[i + 1];
            switch (argv[i]) {
                case "--photos" -> photos = Path.of(v);
                case "--exemplars" -> album = Path.of(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--detector" -> choice = FaceFrontEnd.Detector.valueOf(v.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + argv[i]
                        + "; use --photos DIR --exemplars DIR --threads N --rounds N --detector ssd|tiny");
            }
        }
        if (photos == null || album == null) {
            throw new IllegalArgumentException("--photos DIR and --exemplars DIR are required");
        }
        RestorerOptions o = RestorerOptions.defaults().withThreads(threads);
        List<Path> files = ExemplarAlbum.images(photos);
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        List<Double> movedBy = new ArrayList<>();
        List<Double> changed = new ArrayList<>();
        Path tmp = Files.createTempDirectory("asffnet-stages");
        long[] counts = new long[2];
        try (FaceFrontEnd front = new FaceFrontEnd(threads, OnnxLandmarkDetector.RESOURCE_ROBUST, choice);
                Restorer r = GuidedRestorer.create(OnnxAsffnetNetwork.open(o), o, front.faceDetector(), front, "onnx", 4)) {
            List<Exemplar> exemplars = ExemplarAlbum.load(album, front, r::prepare);
            FaceTracker tracker = new FaceTracker(front, Integer.MAX_VALUE);
            for (int round = 0; round <= rounds; round++) {       // round 0 warms up
                for (Path p : files) {
                    Map<String, Double> t = new LinkedHashMap<>();
                    long s = System.nanoTime();
                    FaceImage photo = FaceImage.read(p);
                    s = lap(t, "decode", s);
                    List<FaceBox> boxes = front.faces(photo);
                    s = lap(t, "face detection (" + choice + ")", s);
                    FaceBox box = boxes.isEmpty() ? new FaceBox(0, 0, photo.width(), photo.height(), 0) : boxes.get(0);
                    Landmarks l = front.detect(photo, box);
                    s = lap(t, "landmarks", s);
                    RestoreResult first = r.restore(new Exemplar(photo, l), exemplars);
                    s = lap(t, "restore one face (selection, alignment, network)", s);
                    FaceImage pasted = FaceAligner.pasteBack(photo, first.restored(), first.cropToInput());
                    s = lap(t, "paste-back", s);
                    Landmarks again = front.detect(pasted, box);
                    double moved = again.normalisedError(l);
                    s = lap(t, "landmarks again on the first result", s);
                    if (round > 0) {
                        float[] a = first.restored().toArray();
                        float[] b = r.restore(new Exemplar(photo, again), exemplars).restored().toArray();
                        double d = 0;
                        for (int i = 0; i < a.length; i++) {
                            d += Math.abs(a[i] - b[i]);
                        }
                        movedBy.add(moved);
                        changed.add(255 * d / a.length);
                        s = System.nanoTime();
                    }
                    pasted.write(tmp.resolve("out.png"));
                    lap(t, "PNG encode + write", s);
                    s = System.nanoTime();
                    FaceImage out = r.restorePhoto(photo, exemplars).image();
                    s = lap(t, "restorePhoto (detector, landmarks, two restorations)", s);
                    List<FaceBox> followed = tracker.detect(photo);
                    s = lap(t, "faces followed from the previous photo (FaceTracker)", s);
                    r.restorePhoto(photo, followed, exemplars);
                    lap(t, "restorePhoto in the followed boxes", s);
                    if (round > 0) {
                        t.forEach((k, v) -> ms.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                    }
                    if (out.width() != photo.width()) {
                        throw new IllegalStateException("size changed");
                    }
                }
            }
            counts[0] = tracker.detections();
            counts[1] = tracker.followed();
        }
        System.out.printf(Locale.ROOT, "%d photos x %d rounds, %d threads, detector %s%n", files.size(), rounds,
                threads, choice);
        System.out.printf(Locale.ROOT, "tracker: detector on %d photos, faces followed on %d%n", counts[0], counts[1]);
        System.out.printf(Locale.ROOT, "landmarks found again on the first result moved by %s (normalised error)%n",
                movedBy.stream().map(m -> String.format(Locale.ROOT, "%.4f", m)).toList());
        System.out.printf(Locale.ROOT, "restoring with them changed the face by %s grey levels (mean absolute, of 255)%n",
                changed.stream().map(m -> String.format(Locale.ROOT, "%.2f", m)).toList());
        System.out.println("| stage | median ms per photo | range |");
        System.out.println("|---|---|---|");
        ms.forEach((k, v) -> {
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f-%.1f |%n", k, median(a), a[0], a[a.length - 1]);
        });
    }

    private static long lap(Map<String, Double> t, String stage, long since) {
        long now = System.nanoTime();
        t.put(stage, (now - since) / 1e6);
        return now;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
