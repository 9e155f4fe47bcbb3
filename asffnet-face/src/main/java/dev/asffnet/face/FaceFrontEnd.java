package dev.asffnet.face;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.RestorerClosedException;
import dev.asffnet.formats.Caches;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The face front end both engines use, made to hold on degraded faces: faces of a photo
 * ({@link #faceDetector()}) and the 68 landmarks of a face ({@link LandmarkDetector}).
 *
 * <p><b>Detection.</b> The detector ({@link Detector#SSD} by default, {@link Detector#TINY} on request) runs
 * on the photo; when it finds nothing (a face that fills the frame, or a blurred, noisy, JPEG-blocked one) it
 * runs again on the photo padded by half its side on every edge with mid-grey, which gives the face the
 * context the detector was trained with ({@link #facesWithPadding}). Each box carries the detector's score
 * as its confidence.
 *
 * <p><b>Landmarks.</b> The 68-point net (by default the one fine-tuned on Eqn 18-degraded faces,
 * {@link OnnxLandmarkDetector#RESOURCE_ROBUST}) runs on the box, then once more on the refinement box of
 * its own landmarks ({@link #refinementBox}), the framing it was trained on (a whole-image box, which the
 * net also saw in training, is not refined: that is more accurate on degraded crops). Landmarks that cannot be a
 * face ({@link LandmarkPlausibility}) give {@link NoFaceFoundException} naming the problem, never a silently
 * rotated result. For an image without a detected face (the SSD misses most degraded faces), the whole
 * image is the first box, and a box that no detector scored (score 0) must pass the flip-consistency
 * {@link #confidence} of at least {@value #MIN_CONFIDENCE}.
 *
 * <p>The models are loaded on first use, so restorers that are always given landmarks never load them.
 * Thread-safe; closing it, or its detector view, closes both nets once.
 */
public final class FaceFrontEnd implements LandmarkDetector {
    /** Refinement box side over the landmarks' bounding-box side (training/landmarks/README.md). */
    public static final double REFINE_SIDE = 1.20;
    /** Refinement box centre shift, in bounding-box sides, along y (negative: up). */
    public static final double REFINE_SHIFT_Y = -0.13;
    /** Padding of the second detection pass, as a fraction of the photo's longer side on each edge. */
    public static final double PAD = 0.5;
    /** Least {@link #confidence} at which landmarks found without a detector box are taken as a face. */
    public static final double MIN_CONFIDENCE = 0.25;

    /** Bump when detection or refinement changes what landmarks come out (invalidates album indexes). */
    private static final int ID_VERSION = 1;

    /**
     * The face detector of a front end. Measured on 186 celeba-faces validation photos and their 128 crops
     * (docs/face-analysis.md, "Detector choice"), with the padded second pass: both find the face in 98% of
     * the clean photos, in 99% (SSD) and 96% (tiny) of the clean crops, and almost never in x4/x8-degraded
     * crops (the whole-image fallback handles those); the tiny detector is 3-6x faster per call but finds no
     * face whose landmark box is 48 px in a 1024 px photo, where the SSD finds 84%. Hence SSD is the default
     * and TINY is for photos whose faces are known to be large (at least about 80 px in a 1024 px photo).
     */
    public enum Detector {
        /** face-api's SSD MobileNetV1 ({@link OnnxFaceDetector}), input side 512: the default. */
        SSD,
        /** face-api's tiny face detector ({@link OnnxTinyFaceDetector}) at its default input side 416. */
        TINY
    }

    private final int threads;
    private final String landmarkModel;
    private final Detector detectorChoice;
    private FaceDetector detector;
    private OnnxLandmarkDetector landmarks;
    private boolean closed;

    /** The packaged models (robust landmark net) with one intra-op thread per available processor. */
    public FaceFrontEnd() {
        this(0);
    }

    /**
     * @param threads intra-op threads of each session; 0 for one per available processor
     */
    public FaceFrontEnd(int threads) {
        this(threads, OnnxLandmarkDetector.RESOURCE_ROBUST);
    }

    /**
     * @param threads intra-op threads of each session; 0 for one per available processor
     * @param landmarkModel {@link OnnxLandmarkDetector#RESOURCE_ROBUST} or {@link OnnxLandmarkDetector#RESOURCE}
     */
    public FaceFrontEnd(int threads, String landmarkModel) {
        this(threads, landmarkModel, Detector.SSD);
    }

    /**
     * @param threads intra-op threads of each session; 0 for one per available processor
     * @param landmarkModel {@link OnnxLandmarkDetector#RESOURCE_ROBUST} or {@link OnnxLandmarkDetector#RESOURCE}
     * @param detector the face detector
     * @throws InvalidInputException if {@code detector} is null
     */
    public FaceFrontEnd(int threads, String landmarkModel, Detector detector) {
        if (detector == null) {
            throw new InvalidInputException("detector is null: pass FaceFrontEnd.Detector.SSD or TINY");
        }
        this.threads = threads;
        this.landmarkModel = landmarkModel;
        this.detectorChoice = detector;
    }

    /** @return the face detector this front end uses */
    public Detector detectorChoice() {
        return detectorChoice;
    }

    /**
     * Identifies what this front end's landmarks depend on (front-end version, detector and landmark models,
     * the landmark model's content hash), for caches of its results such as {@link ExemplarAlbum}.
     *
     * @return the identity, stable while the models and this code are unchanged
     */
    public String modelId() {
        byte[] bytes = ModelFiles.resource(PackagedModels::open, FaceNets.RESOURCE_DIR + landmarkModel);
        String det = detectorChoice == Detector.TINY ? OnnxTinyFaceDetector.RESOURCE : OnnxFaceDetector.RESOURCE;
        return "FaceFrontEnd/" + ID_VERSION + "/" + det + "/" + landmarkModel + "@"
                + Caches.sha256(bytes).substring(0, 16);
    }

    /** Opens the landmark net on first use; the detector waits for {@link #faces} (none when boxes are given). */
    private synchronized void load() {
        requireOpen();
        if (landmarks == null) {
            landmarks = OnnxLandmarkDetector.packaged(landmarkModel, threads);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new RestorerClosedException("the face front end is closed: open a new one");
        }
    }

    /** Opens the face detector on first use (not the landmark net: finding boxes does not need it). */
    private synchronized FaceDetector detector() {
        requireOpen();
        if (detector == null) {
            detector = detectorChoice == Detector.TINY
                    ? new OnnxTinyFaceDetector(null, OnnxTinyFaceDetector.DEFAULT_INPUT_SIZE,
                            OnnxTinyFaceDetector.DEFAULT_MIN_SCORE, OnnxTinyFaceDetector.DEFAULT_MAX_RESULTS, threads)
                    : new OnnxFaceDetector(null, OnnxFaceDetector.DEFAULT_MIN_SCORE,
                            OnnxFaceDetector.DEFAULT_MAX_RESULTS, threads);
        }
        return detector;
    }

    /**
     * All detected face boxes, best first (empty when none, also after the padded pass).
     *
     * @param photo the photo
     * @return the boxes, in the photo's pixels, clipped to it
     */
    public List<FaceBox> faces(FaceImage photo) {
        return facesWithPadding(detector(), photo);
    }

    /**
     * The detection of {@link #faces}, with any detector: its boxes on the photo, or when there are none, its
     * boxes on the photo padded by {@value #PAD} of its longer side on every edge with mid-grey, moved back,
     * clipped to the photo and kept when at least half of the box's width and height lie inside.
     *
     * @param detector the face detector
     * @param photo the photo
     * @return the boxes, in the photo's pixels, best first; empty when none
     */
    public static List<FaceBox> facesWithPadding(FaceDetector detector, FaceImage photo) {
        List<FaceBox> boxes = detector.detect(photo);
        if (!boxes.isEmpty()) {
            return boxes;
        }
        int pad = (int) Math.ceil(PAD * Math.max(photo.width(), photo.height()));
        FaceImage padded = pad(photo, pad);
        List<FaceBox> out = new ArrayList<>();
        for (FaceBox b : detector.detect(padded)) {
            double x0 = Math.max(0, b.x() - pad);
            double y0 = Math.max(0, b.y() - pad);
            double x1 = Math.min(photo.width(), b.x() + b.width() - pad);
            double y1 = Math.min(photo.height(), b.y() + b.height() - pad);
            if (x1 - x0 >= 0.5 * b.width() && y1 - y0 >= 0.5 * b.height()) {
                out.add(new FaceBox(x0, y0, x1 - x0, y1 - y0, b.score()));
            }
        }
        return List.copyOf(out);
    }

    /** @return this front end's face detection as a {@link FaceDetector}; closing it closes this front end */
    public FaceDetector faceDetector() {
        return new FaceDetector() {
            @Override
            public List<FaceBox> detect(FaceImage photo) {
                return faces(photo);
            }

            @Override
            public void close() {
                FaceFrontEnd.this.close();
            }
        };
    }

    /**
     * Landmarks of the main face: in the best detected box, or with the whole image as the box.
     *
     * @throws NoFaceFoundException if the landmarks are implausible
     */
    @Override
    public Landmarks detect(FaceImage image) {
        List<FaceBox> boxes = faces(image);
        FaceBox box = boxes.isEmpty() ? new FaceBox(0, 0, image.width(), image.height(), 0) : boxes.get(0);
        return detect(image, box);
    }

    /**
     * Landmarks of the face in {@code box}: a pass on the box and a pass on the refinement box.
     *
     * @throws NoFaceFoundException if the landmarks are implausible
     */
    @Override
    public Landmarks detect(FaceImage photo, FaceBox box) {
        load();
        String where = "the " + Math.round(box.width()) + "x" + Math.round(box.height()) + " box at ("
                + Math.round(box.x()) + ", " + Math.round(box.y()) + ") of the " + photo.width() + "x"
                + photo.height() + " image";
        if (box.score() == 0 && contrast(photo) < 0.01) {
            throw new NoFaceFoundException("no face in " + where + ": the image is blank (uniform)");
        }
        Landmarks first = landmarks.detect(photo, box);
        FaceBox refine = refinementBox(first);
        // A detector box is refined onto the training framing. The whole image (score 0) is kept: on degraded
        // face crops the net is more accurate on the whole crop than after refinement (training/landmarks/README.md).
        Landmarks second = box.score() > 0 && clippedArea(refine, photo) >= 16 ? landmarks.detect(photo, refine) : first;
        if (box.score() == 0) {
            // No detector box: the face is verified by flip consistency, the net run on the mirrored photo
            // must agree, with the mirrored box and with the mirrored refinement box (either suffices). The
            // mirrored pass on the same box, when it agrees, is averaged with the direct pass (test-time
            // flip averaging lowers the landmark error, docs/results.md).
            Optional<String> problem = LandmarkPlausibility.problem(second, refine);
            if (problem.isPresent()) {
                throw implausible(where, problem.get());
            }
            Landmarks mirrored = mirroredPass(photo, box);
            double same = agreement(second, mirrored);
            double c = same >= MIN_CONFIDENCE ? same : Math.max(same, agreement(second, mirroredPass(photo, refine)));
            if (c < MIN_CONFIDENCE) {
                throw new NoFaceFoundException(String.format(java.util.Locale.ROOT, "no face found in %s: the "
                        + "detector found none and the landmarks are not consistent under mirroring (confidence "
                        + "%.2f < %.2f). If it is a face, pass its 68 landmarks explicitly (restore(Exemplar, ...)).",
                        where, c, MIN_CONFIDENCE));
            }
            return same >= MIN_CONFIDENCE ? average(second, mirrored) : second;
        }
        Optional<String> problem = LandmarkPlausibility.problem(second, refine);
        if (problem.isPresent()) {
            throw implausible(where, problem.get());
        }
        return second;
    }

    /**
     * One landmark pass in {@code box}, without the refinement pass of {@link #detect(FaceImage, FaceBox)},
     * checked for plausibility: enough to follow a face into the next frame ({@link FaceTracker}), whose
     * restoration then finds its landmarks with both passes in the box this one gives.
     *
     * @throws NoFaceFoundException if the landmarks are implausible
     */
    Landmarks followPass(FaceImage photo, FaceBox box) {
        load();
        if (contrast(photo, box) < 0.01) {
            throw new NoFaceFoundException("no face in the followed box: it is blank (uniform)");
        }
        Landmarks l = landmarks.detect(photo, box);
        Optional<String> problem = LandmarkPlausibility.problem(l, refinementBox(l));
        if (problem.isPresent()) {
            throw implausible("the followed box", problem.get());
        }
        return l;
    }

    private static NoFaceFoundException implausible(String where, String problem) {
        return new NoFaceFoundException("no plausible face in " + where + ": " + problem
                + ". The image may not show a face, or the face is too degraded: pass its 68 landmarks "
                + "explicitly (restore(Exemplar, ...)).");
    }

    /** The point-wise mean of two landmark sets. */
    private static Landmarks average(Landmarks a, Landmarks b) {
        double[] xy = a.toArray();
        double[] o = b.toArray();
        for (int i = 0; i < xy.length; i++) {
            xy[i] = 0.5 * (xy[i] + o[i]);
        }
        return Landmarks.of(xy);
    }

    /** iBUG 300-W index of each landmark's mirror image under a horizontal flip. */
    private static final int[] FLIP = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 26, 25, 24, 23, 22, 21, 20,
        19, 18, 17, 27, 28, 29, 30, 35, 34, 33, 32, 31, 45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40, 54, 53, 52, 51, 50,
        49, 48, 59, 58, 57, 56, 55, 64, 63, 62, 61, 60, 67, 66, 65};

    /**
     * Confidence that {@code l} are the landmarks of a face in {@code box}: the net run on the mirrored photo
     * and mapped back must agree with {@code l}. Returns {@code max(0, 1 - d / 0.25)} with d the mean point
     * disagreement over the inter-ocular distance (about 0.02-0.05 on real, even degraded, faces).
     *
     * @param photo the photo
     * @param box the box the landmarks were found in
     * @param l the landmarks
     * @return the confidence in [0, 1]
     */
    @Override
    public double confidence(FaceImage photo, FaceBox box, Landmarks l) {
        load();
        return agreement(l, mirroredPass(photo, box));
    }

    /**
     * The landmark net run on the mirrored photo in the mirror image of {@code box}, mapped back to the
     * photo's points. The net reads only the pixels of the box it is given, so only that part of the photo
     * (with a {@value #MIRROR_MARGIN}-pixel margin, within the photo) is mirrored: the same pass as on the whole
     * mirrored photo, shifted by whole pixels, without copying a whole film frame per followed face.
     */
    Landmarks mirroredPass(FaceImage photo, FaceBox box) {
        load();
        int x0 = clamp(Math.floor(box.x()) - MIRROR_MARGIN, photo.width());
        int x1 = clamp(Math.ceil(box.x() + box.width()) + MIRROR_MARGIN, photo.width());
        int y0 = clamp(Math.floor(box.y()) - MIRROR_MARGIN, photo.height());
        int y1 = clamp(Math.ceil(box.y() + box.height()) + MIRROR_MARGIN, photo.height());
        int w = Math.max(1, x1 - x0);
        int h = Math.max(1, y1 - y0);
        float[] px = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    px[row + x] = photo.get(c, Math.min(x0 + w - 1 - x, photo.width() - 1), Math.min(y0 + y,
                            photo.height() - 1));
                }
            }
        }
        FaceBox mb = new FaceBox(w - (box.x() - x0) - box.width(), box.y() - y0, box.width(), box.height(),
                box.score());
        Landmarks m = landmarks.detect(FaceImage.of(w, h, px), mb);
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < Landmarks.COUNT; i++) {
            int j = FLIP[i];
            xy[2 * i] = x0 + w - 1 - m.x(j);
            xy[2 * i + 1] = y0 + m.y(j);
        }
        return Landmarks.of(xy);
    }

    /** Pixels around a box that {@link #mirroredPass} mirrors with it (the net's crop floors the box's edges). */
    private static final int MIRROR_MARGIN = 2;

    private static int clamp(double v, int size) {
        return (int) Math.max(0, Math.min(size, v));
    }

    /** {@code max(0, 1 - d / 0.25)}, d the mean distance of {@code l} and {@code back} over l's inter-ocular distance. */
    private static double agreement(Landmarks l, Landmarks back) {
        double iod = Math.hypot(l.x(45) - l.x(36), l.y(45) - l.y(36));
        double sum = 0;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            sum += Math.hypot(back.x(i) - l.x(i), back.y(i) - l.y(i));
        }
        double d = sum / Landmarks.COUNT / Math.max(iod, 1e-9);
        return Math.max(0, 1 - d / 0.25);
    }

    /**
     * The box the landmark net was fine-tuned on: a square around the landmarks' bounding box, side
     * {@value #REFINE_SIDE} times its longer side, centre moved by {@value #REFINE_SHIFT_Y} of it along y.
     *
     * @param l landmarks in photo pixels
     * @return the refinement box (may extend beyond the photo)
     */
    public static FaceBox refinementBox(Landmarks l) {
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
        double m = Math.max(x1 - x0, y1 - y0);
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2 + REFINE_SHIFT_Y * m;
        double side = REFINE_SIDE * m;
        return new FaceBox(cx - side / 2, cy - side / 2, side, side, 1);
    }

    /** Standard deviation of the image's values (all channels). */
    private static double contrast(FaceImage img) {
        return contrast(img, new FaceBox(0, 0, img.width(), img.height(), 0));
    }

    /** Standard deviation of the values (all channels) inside {@code box}, clipped to the image; 0 outside. */
    private static double contrast(FaceImage img, FaceBox box) {
        int x0 = Math.max(0, (int) Math.floor(box.x()));
        int y0 = Math.max(0, (int) Math.floor(box.y()));
        int x1 = Math.min(img.width(), (int) Math.ceil(box.x() + box.width()));
        int y1 = Math.min(img.height(), (int) Math.ceil(box.y() + box.height()));
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    double v = img.get(c, x, y);
                    sum += v;
                    sq += v * v;
                    n++;
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }

    private static double clippedArea(FaceBox b, FaceImage img) {
        double w = Math.min(img.width(), b.x() + b.width()) - Math.max(0, b.x());
        double h = Math.min(img.height(), b.y() + b.height()) - Math.max(0, b.y());
        return w <= 0 || h <= 0 ? 0 : Math.min(w, h);
    }

    /** The photo with {@code pad} pixels of mid-grey on every edge. */
    static FaceImage pad(FaceImage photo, int pad) {
        int w = photo.width();
        int h = photo.height();
        int pw = w + 2 * pad;
        int ph = h + 2 * pad;
        float[] src = photo.toArray();
        float[] out = new float[3 * pw * ph];
        java.util.Arrays.fill(out, 0.5f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (c * h + y) * w, out, (c * ph + y + pad) * pw + pad, w);
            }
        }
        return FaceImage.of(pw, ph, out);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (detector != null) {
                detector.close();
            }
        } finally {
            if (landmarks != null) {
                landmarks.close();
            }
        }
    }
}
