package dev.asffnet.examples.bench;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxFaceDetector;
import dev.asffnet.face.OnnxFaceEmbedder;
import dev.asffnet.face.OnnxLandmarkDetector;
import dev.asffnet.face.OnnxTinyFaceDetector;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Milliseconds per face-analysis stage, single-threaded calls: detection on a 1024 px photo (padding, resize
 * to 512 and NMS included), 68 landmarks on the detected box (crop, resize to 112), and the embedding on
 * face-api's aligned box (crop, resize to 150). Then the tiny face detector (input side 416, face-api's
 * default, and {@code --tiny-small}, default 160) against the SSD on the same photo and on a 128x128 crop;
 * their recall is {@link DetectorRecall}'s.
 *
 * <pre>
 * java -cp ... dev.asffnet.examples.bench.FaceBenchmark [--photo FILE] [--threads 1] [--warmup 10] [--iterations 50]
 *     [--tiny-small 160]
 * </pre>
 * Without {@code --photo}, the photo is the first celeba-faces image (../shared) upscaled bilinearly to
 * 1024x1024 (the face is then about 500 px wide).
 * {@code --threads} sets ONNX Runtime's intra-op threads per session. Besides wall time it prints the calling
 * thread's CPU time, which with one intra-op thread is the compute itself (ONNX Runtime then runs on the
 * caller) and is robust to a machine shared with other jobs.
 */
public final class FaceBenchmark {
    private FaceBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Path photoPath = null;
        Path data = Path.of("../shared/data/celeba-faces");
        int threads = 1;
        int warmup = 10;
        int iterations = 50;
        int tinySmall = 160;
        for (int i = 0; i < argv.length; i += 2) {
            String v = i + 1 < argv.length ? argv[i + 1] : "";
            switch (argv[i]) {
                case "--photo" -> photoPath = Path.of(v);
                case "--data" -> data = Path.of(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--iterations" -> iterations = Integer.parseInt(v);
                case "--tiny-small" -> tinySmall = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + argv[i]
                        + "; use --photo FILE --data DIR --threads N --warmup N --iterations N --tiny-small N");
            }
        }
        FaceImage photo;
        String what;
        if (photoPath != null) {
            photo = FaceImage.read(photoPath);
            what = photoPath.toString();
        } else {
            Path first;
            Path dataDir = data;
            try (Stream<Path> s = Files.walk(dataDir)) {
                first = s.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no .jpg under " + dataDir.toAbsolutePath()));
            }
            photo = FaceImage.fromBufferedImage(upscale(FaceImage.read(first).toBufferedImage(), 1024));
            what = first + " upscaled to 1024x1024";
        }
        System.out.printf(Locale.ROOT, "photo: %s (%dx%d); ONNX Runtime intra-op threads: %d; %d cores; "
                + "%d warm-up + %d timed calls per stage%n", what, photo.width(), photo.height(), threads,
                Runtime.getRuntime().availableProcessors(), warmup, iterations);
        try (OnnxFaceDetector det = new OnnxFaceDetector(null, 0.5, 100, threads);
             OnnxLandmarkDetector lmd = new OnnxLandmarkDetector(null, threads);
             OnnxFaceEmbedder emb = new OnnxFaceEmbedder(null, threads)) {
            List<FaceBox> boxes = det.detect(photo);
            if (boxes.isEmpty()) {
                throw new NoFaceFoundException("no face in the benchmark photo");
            }
            FaceBox box = boxes.get(0);
            Landmarks lm = lmd.detect(photo, box);
            FaceBox aligned = OnnxFaceEmbedder.alignedBox(lm);
            System.out.printf(Locale.ROOT, "face box %.0fx%.0f, aligned box %.0fx%.0f%n", box.width(), box.height(),
                    aligned.width(), aligned.height());
            time("detect (1024 px photo)", warmup, iterations, () -> det.detect(photo));
            time("landmarks (one face)", warmup, iterations, () -> lmd.detect(photo, box));
            time("embedding (one face)", warmup, iterations, () -> emb.descriptor(photo, aligned));

            // issue 18: one x8-degraded 128x128 canonical crop (Eqn 18, seed 8), the whole front end per face
            AlignedFace gt = FaceAligner.align(photo, lm, 128);
            FaceImage degraded = Degradation.apply(gt.crop(), Degradation.evaluation(8, 8));
            FaceBox whole = new FaceBox(0, 0, 128, 128, 0);
            time("degraded 128 crop, before: SSD + original 68-point net on the whole crop", warmup, iterations, () -> {
                List<FaceBox> found = det.detect(degraded);
                return lmd.detect(degraded, found.isEmpty() ? whole : found.get(0));
            });
            try (FaceFrontEnd front = new FaceFrontEnd(threads)) {
                time("degraded 128 crop, after: FaceFrontEnd.detect (padded SSD, robust net, mirrored pass)",
                        warmup, iterations, () -> front.detect(degraded));
            }

            // issue 23: tiny detector vs SSD (its photo row is "detect" above), one call each (no padded second
            // pass), same photo and crop
            FaceImage crop = gt.crop();
            try (OnnxTinyFaceDetector tiny = new OnnxTinyFaceDetector(null, OnnxTinyFaceDetector.DEFAULT_INPUT_SIZE,
                    0.5, 100, threads);
                 OnnxTinyFaceDetector small = new OnnxTinyFaceDetector(null, tinySmall, 0.5, 100, threads)) {
                System.out.printf(Locale.ROOT, "boxes on the photo: SSD %s, tiny 416 %s, tiny %d %s%n", det.detect(photo),
                        tiny.detect(photo), tinySmall, small.detect(photo));
                time("detect tiny 416 (1024 px photo)", warmup, iterations, () -> tiny.detect(photo));
                time("detect tiny " + tinySmall + " (1024 px photo)", warmup, iterations, () -> small.detect(photo));
                time("detect SSD 512 (clean 128 crop)", warmup, iterations, () -> det.detect(crop));
                time("detect tiny 416 (clean 128 crop)", warmup, iterations, () -> tiny.detect(crop));
                time("detect tiny " + tinySmall + " (clean 128 crop)", warmup, iterations, () -> small.detect(crop));
            }
        }
    }

    static void time(String label, int warmup, int iterations, Supplier<?> task) {
        for (int i = 0; i < warmup; i++) {
            task.get();
        }
        double[] ms = new double[iterations];
        double[] cpu = new double[iterations];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < iterations; i++) {
            long c = mx.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            task.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-24s%n    wall median %7.2f ms  min %7.2f ms  p90 %7.2f ms | calling-thread CPU median %7.2f ms%n",
                label, ms[iterations / 2], ms[0], ms[(int) (0.9 * (iterations - 1))], cpu[iterations / 2]);
    }

    static BufferedImage upscale(BufferedImage src, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, side, side);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, side, side, null);
        g.dispose();
        return out;
    }
}
