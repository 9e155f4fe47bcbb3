package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.examples.OutputGuard.Guarded;
import dev.asffnet.examples.OutputGuard.Output;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.FaceTracker;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.formats.LandmarkFiles;
import dev.asffnet.geometry.crop.FaceAligner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code restore}: restores one image or a folder of frames (old-film use: one exemplar folder for many
 * frames) with exemplars from a folder, through the library's photo-level call: every output has its
 * input's size, with each restored face pasted back. Outputs never replace an input or exemplar file; a
 * folder run skips frames already restored, so a killed run resumes where it stopped.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Restores a face photo, or every frame of a folder, guided by good photos of the same person.", "",
            "In a whole photo every detected face is restored and pasted back; the output has the input's size."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every image restored (or, in a folder, already restored and skipped)",
            "1:internal error, or at least one frame of a folder failed (each is reported on one line;"
                    + " the other frames are still restored)",
            "2:bad usage or input: missing or unreadable file, no face, an empty input folder, an unsafe or"
                    + " existing output (see --overwrite)"})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE|FOLDER",
            description = "A face crop or a whole photo, or a folder of frames restored one by one (its images with"
                    + " the extensions png, jpg, jpeg, jfif, bmp, gif).")
    Path input;

    @Option(names = "--exemplars", required = true, paramLabel = "FOLDER",
            description = "Folder of good photos of the same person. Landmarks come from <image>.txt or a"
                    + " landmarks68.csv beside the images, or are detected.")
    Path exemplars;

    @Option(names = "--output", required = true, paramLabel = "FILE|FOLDER",
            description = "The restored image (PNG, or JPEG by its extension) for a single input; for a folder input,"
                    + " the folder that receives <stem>.png per frame (it must lie outside the input and exemplar"
                    + " folders).")
    Path output;

    @Option(names = "--sheet", arity = "0..1", fallbackValue = "", paramLabel = "FILE|FOLDER",
            description = "Also write a contact sheet (input, chosen guidance, result): to FILE for a single input,"
                    + " as <stem>-sheet.png into FOLDER for a folder input; given without a value,"
                    + " <stem>-sheet.png beside the outputs.")
    String sheet;

    @Option(names = "--overwrite",
            description = "Replace existing outputs. Without it a single input refuses an existing output, and a"
                    + " folder run skips the frames whose outputs exist (so a killed run resumes).")
    boolean overwrite;

    @Option(names = "--redetect-every", paramLabel = "N", defaultValue = "" + FaceTracker.DEFAULT_REDETECT_EVERY,
            description = "Folder input: the faces of each frame are followed from the previous frame (the face"
                    + " detector runs on the first frame, when a face is lost, and at least every N frames);"
                    + " 1 runs the detector on every frame. Default: ${DEFAULT-VALUE}.")
    int redetectEvery;

    @Mixin
    EngineOptions engine;

    /** One input image and the files it becomes ({@code sheet} null when no sheet is wanted). */
    record Job(Path frame, Path output, Path sheet) {
        List<Path> outputs() {
            return sheet == null ? List.of(output) : List.of(output, sheet);
        }

        boolean restored() {
            return outputs().stream().allMatch(Files::isRegularFile);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean folder = Files.isDirectory(input);
        List<Path> frames = FaceInputs.images(input);
        if (frames.isEmpty()) {
            throw new InvalidInputException("the input folder " + input + " has no images ("
                    + String.join(", ", FaceInputs.IMAGE_EXTENSIONS) + "); nothing to restore");
        }
        if (!Files.isDirectory(exemplars)) {
            throw new InvalidInputException("--exemplars " + exemplars + " is not a folder; give the folder of the"
                    + " person's good photos");
        }
        List<Job> jobs = folder ? folderJobs(frames) : List.of(new Job(input, output, singleSheet()));
        refuseUnsafeOutputs(folder, frames, jobs);
        if (!folder && !overwrite) {
            for (Path p : jobs.get(0).outputs()) {
                if (Files.exists(p)) {
                    throw new InvalidInputException(p + " exists; pass --overwrite to replace it, or choose another path");
                }
            }
        }
        List<Job> todo = jobs.stream().filter(j -> overwrite || !j.restored()).toList();
        if (todo.isEmpty()) {
            out.printf(Locale.ROOT, "done 0, skipped %d, failed 0 (every output exists; --overwrite redoes them)%n",
                    jobs.size());
            return 0;
        }
        for (Job j : todo) {
            for (Path p : j.outputs()) {
                Path parent = p.toAbsolutePath().getParent();
                Files.createDirectories(parent);
            }
        }
        if (redetectEvery < 1) {
            throw new InvalidInputException("--redetect-every must be at least 1 (1: detect on every frame), got "
                    + redetectEvery);
        }
        RestorerOptions opts = folder ? framesInFlightThreads(engine.options()) : engine.options();
        ExecutorService workers = Executors.newFixedThreadPool(FRAMES_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "asffnet-restore");
            t.setDaemon(true);
            return t;
        });
        try (FaceFrontEnd faces = new FaceFrontEnd(opts.threads()); FrameIo io = new FrameIo()) {
            Future<Found> found = folder ? null : find(workers, faces, input);
            FaceInputs inputs = new FaceInputs(faces);
            try (Restorer restorer = engine.open(opts)) {
                FaceTracker tracker = folder ? new FaceTracker(faces, redetectEvery) : null;
                List<FaceInputs.Named> named = inputs.exemplars(exemplars, folder ? null : input, err, restorer);
                List<Exemplar> exemplarList = named.stream().map(FaceInputs.Named::exemplar).toList();
                ProgressBar bar = folder ? ProgressBar.of(err, "restoring", jobs.size()) : null;
                Tally tally = new Tally();
                Set<Job> pending = new HashSet<>(todo);
                Deque<InFlight> inFlight = new ArrayDeque<>();
                for (int i = 0; i < jobs.size(); i++) {
                    Job j = jobs.get(i);
                    long fed = tracker == null ? 0 : tracker.frames();
                    if (pending.contains(j)) {
                        for (int k = i + 1; k < jobs.size(); k++) {      // decoded while this frame is restored
                            if (pending.contains(jobs.get(k))) {
                                io.prefetch(jobs.get(k).frame());
                                break;
                            }
                        }
                        inFlight.add(new InFlight(j, found != null
                                ? restoreFound(workers, restorer, found, exemplarList, j.output())
                                : start(workers, restorer, inputs, tracker, j, io, exemplarList)));
                        while (inFlight.size() > FRAMES_IN_FLIGHT) {
                            finish(inFlight.poll(), folder, named, out, err, io, tally);
                        }
                    } else if (tracker != null && pendingLaterInBlock(jobs, pending, i, tracker)) {
                        follow(tracker, inputs, j.frame());   // a resumed run follows the faces as the first run did
                    }
                    if (tracker != null && tracker.frames() == fed) {
                        tracker.skip();
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
                while (!inFlight.isEmpty()) {
                    finish(inFlight.poll(), folder, named, out, err, io, tally);
                }
                io.flush();
                if (folder) {
                    out.printf(Locale.ROOT, "done %d, skipped %d, failed %d (frames with the face detector run: %d,"
                            + " with faces followed from the previous frame: %d)%n", tally.done,
                            jobs.size() - todo.size(), tally.failed, tracker.detections(), tracker.followed());
                }
                return tally.failed > 0 ? Failures.FAILED : 0;
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Frames restored at a time in a folder: the single-threaded stages of one (landmarks, alignment, paste-back)
     * overlap the network of the other (docs/benchmarks.md, "Folder mode two frames at a time").
     */
    static final int FRAMES_IN_FLIGHT = 2;

    /**
     * Folder mode's options: unless the user set {@code --threads}, the available processors are shared among
     * the frames in flight (one intra-op thread each on two cores), so that each frame's network runs on cores of
     * its own, without waking a thread pool between its operators (docs/benchmarks.md, "One thread per frame;
     * spinning threads").
     */
    static RestorerOptions framesInFlightThreads(RestorerOptions o) {
        return o.threads() > 0 ? o
                : o.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / FRAMES_IN_FLIGHT));
    }

    /** Frames restored and failed so far. */
    private static final class Tally {
        int done;
        int failed;
    }

    /** A job whose restoration is running (or has failed to start: a failed future). */
    private record InFlight(Job job, Future<Restored> result) {
    }

    /**
     * A restored frame and its output file's bytes, encoded on the worker, so that the file thread only writes
     * them (encoding a 1920x1080 PNG takes longer than restoring its face); null bytes when no face was found.
     */
    private record Restored(PhotoResult result, byte[] encoded) {
        static Restored of(PhotoResult r, Path output) throws IOException {
            return new Restored(r, r.faces().isEmpty() ? null : r.image().encode(output));
        }
    }

    /** A single input, read and with its faces found, or with its stored landmarks (then no boxes). */
    private record Found(FaceImage image, Optional<Landmarks> stored, List<FaceBox> boxes) {
    }

    /**
     * Reads a single input and finds its faces on a worker, while the engine opens and the exemplars are
     * prepared. The boxes are those the restorer's own detection would find (the same front end), so the
     * result is the same as {@code restorePhoto} without boxes (docs/benchmarks.md, "One photo: input found
     * while the engine opens").
     */
    private static Future<Found> find(ExecutorService workers, FaceFrontEnd faces, Path input) {
        return workers.submit(() -> {
            Optional<Landmarks> stored = new LandmarkFiles().find(input);   // as FaceInputs.stored, for one file
            FaceImage img = FaceImage.read(input);
            return new Found(img, stored, stored.isEmpty() ? faces.faces(img) : null);
        });
    }

    /**
     * Restores the single input once {@link #find} has read it; its failure (an unreadable file, say) is the
     * result's.
     */
    private static Future<Restored> restoreFound(ExecutorService workers, Restorer restorer, Future<Found> found,
            List<Exemplar> exemplars, Path output) {
        return workers.submit(() -> {
            Found f = FrameIo.await(found);
            return Restored.of(restore(restorer, f.image(), f.stored(), f.boxes(), exemplars), output);
        });
    }

    /**
     * Starts one job: the frame is read and its faces followed here, in frame order (the tracker sees every
     * frame in turn), then restored on a worker. A frame that cannot be read gives a failed future.
     */
    private static Future<Restored> start(ExecutorService workers, Restorer restorer, FaceInputs inputs,
            FaceTracker tracker, Job j, FrameIo io, List<Exemplar> exemplars) {
        try {
            FaceImage img = io.read(j.frame());
            Optional<Landmarks> stored = inputs.stored(j.frame());
            List<FaceBox> boxes = tracker != null && stored.isEmpty() ? tracker.detect(img) : null;
            return workers.submit(() -> Restored.of(restore(restorer, img, stored, boxes, exemplars), j.output()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for a job's restoration and hands its files to {@code io} (written while later jobs are restored);
     * a bad frame is counted and reported on one line in a folder, and thrown for a single input.
     */
    private static void finish(InFlight x, boolean folder, List<FaceInputs.Named> named, PrintWriter out,
            PrintWriter err, FrameIo io, Tally tally) throws IOException {
        Job j = x.job();
        Restored done;
        try {
            done = FrameIo.await(x.result());
            if (done.result().faces().isEmpty()) {
                throw new NoFaceFoundException("no face found in " + j.frame() + "; give a photo with a visible face");
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (!folder) {
                throw e;
            }
            tally.failed++;
            err.println("failed " + j.frame() + ": " + Failures.describe(e));
            return;
        }
        PhotoResult result = done.result();
        RestoreResult r = result.faces().get(0).result();
        Path guidance = named.get(r.selection().index()).file().getFileName();
        io.write(() -> {
            AtomicFiles.write(j.output(), o -> o.write(done.encoded()));
            if (j.sheet() != null) {
                ContactSheet.write(j.sheet(), List.of(List.of(r.alignedDegraded(), r.alignedGuidance(), r.restored())),
                        List.of("input", "guidance " + guidance, "restored"), 256);
            }
            out.printf(Locale.ROOT, "restored %d face(s) of %s -> %s (guidance: %s, distance %.4g)%n",
                    result.faces().size(), j.frame(), j.output(), guidance, r.selection().bestDistance());
        });
        tally.done++;
    }

    /** Whether a frame after job {@code i} in its key-frame block is still to be restored. */
    private static boolean pendingLaterInBlock(List<Job> jobs, Set<Job> pending, int i, FaceTracker tracker) {
        for (int k = i + 1; k < jobs.size() && !tracker.isKeyFrame(k); k++) {
            if (pending.contains(jobs.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** Passes an already restored frame through the tracker (no restoration) when it has no stored landmarks. */
    private static void follow(FaceTracker tracker, FaceInputs inputs, Path frame) {
        try {
            if (inputs.stored(frame).isEmpty()) {
                tracker.detect(FaceImage.read(frame));
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // as in the first run, where this frame failed: the tracker skips it
        }
    }

    /** The sheet of a single input: the --sheet file, or {@code <output stem>-sheet.png} beside the output. */
    private Path singleSheet() {
        if (sheet == null) {
            return null;
        }
        return sheet.isEmpty() ? output.resolveSibling(stem(output) + "-sheet.png") : Path.of(sheet);
    }

    private List<Job> folderJobs(List<Path> frames) {
        for (Path dir : sheet == null || sheet.isEmpty() ? List.of(output) : List.of(output, Path.of(sheet))) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new InvalidInputException(dir + " exists and is not a folder; with a folder --input, --output"
                        + " (and a --sheet value) must be folders");
            }
        }
        Path sheets = sheet == null ? null : sheet.isEmpty() ? output : Path.of(sheet);
        List<Job> jobs = new ArrayList<>();
        for (Path f : frames) {
            jobs.add(new Job(f, output.resolve(stem(f) + ".png"),
                    sheets == null ? null : sheets.resolve(stem(f) + "-sheet.png")));
        }
        return jobs;
    }

    /** Refuses the run before anything is written when an output would destroy an input ({@link OutputGuard}). */
    private void refuseUnsafeOutputs(boolean folder, List<Path> frames, List<Job> jobs) {
        List<Output> outputs = new ArrayList<>();
        for (Job j : jobs) {
            String of = folder ? " of frame " + j.frame().getFileName() : "";
            outputs.add(new Output(j.output(), folder ? "output" + of : "--output"));
            if (j.sheet() != null) {
                outputs.add(new Output(j.sheet(), folder ? "sheet" + of : "--sheet"));
            }
        }
        List<Guarded> files = new ArrayList<>();
        frames.forEach(f -> files.add(new Guarded(f, "the input image")));
        FaceInputs.images(exemplars).forEach(f -> files.add(new Guarded(f, "the exemplar image")));
        List<Guarded> folders = new ArrayList<>(List.of(new Guarded(exemplars, "the exemplar folder")));
        if (folder) {
            folders.add(new Guarded(input, "the input folder"));
            OutputGuard.outside(new Output(output, "--output"), folders);
            if (sheet != null && !sheet.isEmpty()) {
                OutputGuard.outside(new Output(Path.of(sheet), "--sheet"), folders);
            }
        }
        OutputGuard.check(outputs, files, folders);
    }

    /**
     * One photo: with stored landmarks, that face is restored and pasted back; otherwise the library's
     * photo-level call restores every face, in {@code boxes} (followed from the previous frame of a folder)
     * or, when null, where its detector finds them. Either way the result has the input's size.
     */
    static PhotoResult restore(Restorer restorer, FaceImage img, Optional<Landmarks> stored, List<FaceBox> boxes,
            List<Exemplar> exemplars) {
        if (stored.isEmpty()) {
            return boxes == null ? restorer.restorePhoto(img, exemplars) : restorer.restorePhoto(img, boxes, exemplars);
        }
        RestoreResult r = restorer.restore(new Exemplar(img, stored.get()), exemplars);
        FaceImage pasted = FaceAligner.pasteBack(img, r.restored(), r.cropToInput());
        return new PhotoResult(pasted, List.of(new FaceReport(new FaceBox(0, 0, img.width(), img.height(), 1),
                stored.get(), r)));
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
