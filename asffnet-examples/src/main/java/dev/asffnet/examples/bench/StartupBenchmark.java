package dev.asffnet.examples.bench;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.Restorers;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.face.ExemplarAlbum;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxFaceDetector;
import dev.asffnet.face.OnnxSessions;
import dev.asffnet.formats.Caches;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Milliseconds of the start-up stages of one CLI {@code restore} (the costs outside the network): ONNX
 * Runtime's first environment, opening the SSD detector and the ASFFNet sessions without the optimised-model
 * cache, when writing it and when reading it, decoding the exemplars, detecting their landmarks (at 1 and at
 * {@code --threads} intra-op threads), and reading them back from the exemplar album index. Medians of
 * {@code --runs} repeats, each session open in a fresh state of the cache.
 *
 * <pre>
 * java -cp ... dev.asffnet.examples.bench.StartupBenchmark [--exemplars DIR] [--threads 0] [--runs 5]
 * </pre>
 * Default exemplars: ../shared/data/celeba-faces/7201 (9-10 images). The cache folder is a temporary one,
 * set through the {@value Caches#PROPERTY} property.
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    /**
     * Prints one Markdown table row per stage: median and range in milliseconds.
     *
     * @param argv {@code --exemplars DIR --threads N --runs N}
     * @throws Exception if a stage fails
     */
    public static void main(String[] argv) throws Exception {
        Path exemplars = Path.of("../shared/data/celeba-faces/7201");
        int threads = 0;
        int runs = 5;
        for (int i = 0; i < argv.length; i += 2) {
            String v = i + 1 < argv.length ? argv[i + 1] : "";
            switch (argv[i]) {
                case "--exemplars" -> exemplars = Path.of(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + argv[i]
                        + "; use --exemplars DIR --threads N --runs N");
            }
        }
        Path tmp = Files.createTempDirectory("asffnet-startup");
        Path unwritable = Files.writeString(tmp.resolve("not-a-folder"), "x");
        long t0 = System.nanoTime();
        OnnxSessions.environment();
        row("ORT native load + environment (once per JVM)", new double[] {(System.nanoTime() - t0) / 1e6});

        byte[] ssd = ModelFiles.resource(PackagedModels::open, PackagedModels.FACE_DIR + OnnxFaceDetector.RESOURCE);
        byte[] asffnet = ModelFiles.resource(PackagedModels::open, PackagedModels.ASFFNET_ONNX);
        int n = threads;
        for (Object[] m : new Object[][] {{"SSD detector", ssd}, {"ASFFNet", asffnet}}) {
            String name = (String) m[0];
            byte[] bytes = (byte[]) m[1];
            row(name + " session open, no cache (before)", times(runs, () -> {
                System.setProperty(Caches.PROPERTY, unwritable.toString());
                return open(bytes, n);
            }));
            List<Path> fresh = new ArrayList<>();
            row(name + " session open, optimising + writing the cache", times(runs, () -> {
                Path d = Files.createTempDirectory(tmp, "c");
                fresh.add(d);
                System.setProperty(Caches.PROPERTY, d.toString());
                return open(bytes, n);
            }));
            row(name + " session open, cache hit (after)", times(runs, () -> {
                System.setProperty(Caches.PROPERTY, fresh.get(0).toString());
                return open(bytes, n);
            }));
        }

        List<Path> files = ExemplarAlbum.images(exemplars);
        List<FaceImage> images = new ArrayList<>();
        row("decode " + files.size() + " exemplars", times(runs, () -> {
            images.clear();
            for (Path p : files) {
                images.add(FaceImage.read(p));
            }
            return null;
        }));
        for (int t : new int[] {1, OnnxSessions.intraOpThreads(threads)}) {
            try (FaceFrontEnd front = new FaceFrontEnd(t)) {
                front.detect(images.get(0));   // load the nets
                row("detect + landmarks of " + files.size() + " exemplars, " + t + " thread(s)", times(runs, () -> {
                    for (FaceImage im : images) {
                        detectQuietly(front, im);
                    }
                    return null;
                }));
            }
        }
        Path album = exemplars;
        Path albumCache = Files.createTempDirectory(tmp, "album");
        List<Exemplar> ex = new ArrayList<>();
        try (FaceFrontEnd front = new FaceFrontEnd(threads)) {
            ExemplarAlbum first = ExemplarAlbum.open(album, front, front.modelId(), albumCache);
            for (int i = 0; i < files.size(); i++) {
                try {
                    ex.add(new Exemplar(images.get(i), first.landmarks(files.get(i), images.get(i))));
                } catch (IllegalArgumentException e) {
                    // no usable face: left out, as the CLI does
                }
            }
            first.save();
            row("album index hit: landmarks of " + files.size() + " exemplars (hashing included)", times(runs, () -> {
                ExemplarAlbum a = ExemplarAlbum.open(album, front, front.modelId(), albumCache);
                for (int i = 0; i < files.size(); i++) {
                    try {
                        a.landmarks(files.get(i), images.get(i));
                    } catch (IllegalArgumentException e) {
                        // recorded as unusable
                    }
                }
                return null;
            }));
        }
        System.setProperty(Caches.PROPERTY, tmp.resolve("restore-cache").toString());
        RestorerOptions o = RestorerOptions.defaults().withThreads(threads);
        row("restorePhoto, " + (ex.size() - 1) + " exemplars, fresh restorer (alignment uncached)", times(runs, () -> {
            try (Restorer r = Restorers.open("onnx", o)) {
                Exemplar photo = ex.get(0);
                long s = System.nanoTime();
                r.restorePhoto(photo.image(), ex.subList(1, ex.size()));
                return (System.nanoTime() - s) / 1e6;
            }
        }));
    }

    private static void detectQuietly(FaceFrontEnd front, FaceImage im) {
        try {
            front.detect(im);
        } catch (IllegalArgumentException e) {
            // no usable face: timed all the same
        }
    }

    private static Object open(byte[] bytes, int threads) throws Exception {
        long s = System.nanoTime();
        try (OrtSession session = OnnxSessions.open(bytes, "bench", RestorerOptions.Device.CPU, threads)) {
            return (System.nanoTime() - s) / 1e6;
        }
    }

    /** Runs {@code call} {@code runs} times: its own millisecond figure when it returns a Double, else its wall time. */
    private static double[] times(int runs, Callable<Object> call) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            Object r = call.call();
            ms[i] = r instanceof Double d ? d : (System.nanoTime() - s) / 1e6;
        }
        return ms;
    }

    private static void row(String stage, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f-%.1f |%n", stage, median, s[0], s[s.length - 1]);
    }
}
