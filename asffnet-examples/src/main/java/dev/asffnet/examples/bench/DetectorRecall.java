package dev.asffnet.examples.bench;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxFaceDetector;
import dev.asffnet.face.OnnxTinyFaceDetector;
import dev.asffnet.formats.Json;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.BicubicResize;
import dev.asffnet.geometry.image.Degradation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Recall of the SSD and the tiny face detector on celeba-faces validation photos (training/split.json) and
 * on their canonical 128 crops ({@code FaceAligner.align(photo, landmarks, 128)}), clean and degraded by
 * Eqn 18 at x4 and x8 ({@code Degradation.evaluation(1000 * i + scale, scale)}, i the photo's index, as in
 * DegradedFrontEndTest); and "small face": the photo scaled (bicubic) so that its reference landmark box is
 * {@code --small-face} ({@value #SMALL_FACE}) px on its longer side, pasted at a seeded position into a
 * {@value #CANVAS} px mid-grey square (synthetic, for small faces in large photos, which the celeba crops
 * lack). A face is found when the top box overlaps the box around the reference landmarks
 * ({@code landmarks68.csv}) with IoU &gt;= 0.3. Each detector is counted alone and with the padded second pass
 * of {@link FaceFrontEnd#facesWithPadding}. Photos whose reference landmark box is smaller than a quarter of
 * the photo side are left out (a few csv rows were fitted where there is no face).
 *
 * <pre>
 * java -cp ... dev.asffnet.examples.bench.DetectorRecall [--data ../shared/data/celeba-faces]
 *     [--split training/split.json] [--per-identity 4] [--tiny-sizes 416,160] [--small-face 48] [--threads 1]
 * </pre>
 */
public final class DetectorRecall {
    private static final double MIN_IOU = 0.3;
    private static final String[] CONDITIONS = {"clean photo", "small face, 1024 photo", "clean 128 crop",
        "x4 128 crop", "x8 128 crop"};
    /** Default side of the reference landmark box of the small-face condition, in pixels. */
    private static final int SMALL_FACE = 48;
    private static final int CANVAS = 1024;

    private DetectorRecall() {
    }

    /** One input of one condition and the box around its reference landmarks. */
    private record Sample(FaceImage image, FaceBox reference) {
    }

    public static void main(String[] argv) throws Exception {
        Path data = Path.of("../shared/data/celeba-faces");
        Path split = Path.of("training/split.json");
        int perIdentity = 4;
        String tinySizes = "416,160";
        int threads = 1;
        int smallFace = SMALL_FACE;
        for (int i = 0; i < argv.length; i += 2) {
            String v = i + 1 < argv.length ? argv[i + 1] : "";
            switch (argv[i]) {
                case "--data" -> data = Path.of(v);
                case "--split" -> split = Path.of(v);
                case "--per-identity" -> perIdentity = Integer.parseInt(v);
                case "--tiny-sizes" -> tinySizes = v;
                case "--threads" -> threads = Integer.parseInt(v);
                case "--small-face" -> smallFace = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + argv[i] + "; use --data DIR "
                        + "--split FILE --per-identity N --tiny-sizes 416,160 --small-face N --threads N");
            }
        }
        Map<String, Landmarks> table = LandmarkTable.read(data.resolve("landmarks68.csv"));
        List<String> files = new ArrayList<>();
        for (Object id : Json.list(Json.obj(Json.parse(Files.readString(split))).get("val_identities"))) {
            String prefix = (id instanceof Double d ? String.valueOf(d.longValue()) : id.toString()) + "/";
            table.keySet().stream().filter(f -> f.startsWith(prefix)).sorted().limit(perIdentity).forEach(files::add);
        }
        Map<String, FaceDetector> detectors = new LinkedHashMap<>();
        detectors.put("SSD 512", new OnnxFaceDetector(null, 0.5, 100, threads));
        for (String s : tinySizes.split(",")) {
            int size = Integer.parseInt(s.strip());
            detectors.put("tiny " + size, new OnnxTinyFaceDetector(null, size, 0.5, 100, threads));
        }
        int rows = 2 * detectors.size();
        int[][] found = new int[rows][CONDITIONS.length];
        List<String> skipped = new ArrayList<>();
        int n = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < files.size(); i++) {
                FaceImage photo = FaceImage.read(data.resolve(files.get(i)));
                Landmarks lm = table.get(files.get(i));
                FaceBox ref = landmarkBox(lm);
                if (Math.max(ref.width(), ref.height()) < 0.25 * Math.max(photo.width(), photo.height())) {
                    skipped.add(files.get(i));
                    continue;
                }
                n++;
                AlignedFace gt = FaceAligner.align(photo, lm, 128);
                FaceBox cropRef = landmarkBox(gt.landmarks());
                Sample[] samples = {new Sample(photo, ref), smallFace(photo, ref, smallFace, new Random(i)),
                    new Sample(gt.crop(), cropRef),
                    new Sample(Degradation.apply(gt.crop(), Degradation.evaluation(1000L * i + 4, 4)), cropRef),
                    new Sample(Degradation.apply(gt.crop(), Degradation.evaluation(1000L * i + 8, 8)), cropRef)};
                int r = 0;
                for (FaceDetector d : detectors.values()) {
                    for (int c = 0; c < samples.length; c++) {
                        List<FaceBox> direct = d.detect(samples[c].image());
                        List<FaceBox> padded = direct.isEmpty()
                                ? FaceFrontEnd.facesWithPadding(d, samples[c].image()) : direct;
                        found[r][c] += hit(direct, samples[c].reference());
                        found[r + 1][c] += hit(padded, samples[c].reference());
                    }
                    r += 2;
                }
            }
        } finally {
            detectors.values().forEach(FaceDetector::close);
        }
        long identities = files.stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().count();
        System.out.printf(Locale.ROOT, "%d photos (%d validation identities x up to %d), %d left out for a reference "
                + "box under a quarter of the photo side %s; small faces: %d px landmark box in %d px; %.0f s%n", n,
                identities, perIdentity, skipped.size(), skipped, smallFace, CANVAS, (System.nanoTime() - t0) / 1e9);
        StringBuilder sb = new StringBuilder("| detector |");
        for (String c : CONDITIONS) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(CONDITIONS.length)).append('\n');
        int r = 0;
        for (String name : detectors.keySet()) {
            for (String variant : new String[] {"", " + padded pass"}) {
                sb.append("| ").append(name).append(variant).append(" |");
                for (int c = 0; c < CONDITIONS.length; c++) {
                    sb.append(String.format(Locale.ROOT, " %d/%d (%.0f%%) |", found[r][c], n, 100.0 * found[r][c] / n));
                }
                sb.append('\n');
                r++;
            }
        }
        System.out.print(sb);
    }

    /** The photo scaled so that {@code ref} is {@code side} px, in a mid-grey canvas at a random place. */
    private static Sample smallFace(FaceImage photo, FaceBox ref, int side, Random random) {
        double k = side / Math.max(ref.width(), ref.height());
        int w = (int) Math.round(photo.width() * k);
        int h = (int) Math.round(photo.height() * k);
        FaceImage scaled = BicubicResize.resize(photo, w, h);
        int ox = random.nextInt(CANVAS - w);
        int oy = random.nextInt(CANVAS - h);
        float[] out = new float[3 * CANVAS * CANVAS];
        Arrays.fill(out, 0.5f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * CANVAS + oy + y) * CANVAS + ox + x] = scaled.get(c, x, y);
                }
            }
        }
        // pixel centres at integers: a point p of the photo lands at (p + 0.5) * w / width - 0.5 + offset
        double sx = (double) w / photo.width();
        double sy = (double) h / photo.height();
        double x0 = (ref.x() + 0.5) * sx - 0.5 + ox;
        double y0 = (ref.y() + 0.5) * sy - 0.5 + oy;
        return new Sample(FaceImage.of(CANVAS, CANVAS, out), new FaceBox(x0, y0, ref.width() * sx, ref.height() * sy, 1));
    }

    private static int hit(List<FaceBox> boxes, FaceBox reference) {
        return !boxes.isEmpty() && boxes.get(0).iou(reference) >= MIN_IOU ? 1 : 0;
    }

    private static FaceBox landmarkBox(Landmarks l) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            x0 = Math.min(x0, l.x(i));
            y0 = Math.min(y0, l.y(i));
            x1 = Math.max(x1, l.x(i));
            y1 = Math.max(y1, l.y(i));
        }
        return new FaceBox(x0, y0, x1 - x0, y1 - y0, 1);
    }
}
