package dev.asffnet.face;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Detector, landmarks and embedder together, as face-api's
 * {@code detectAllFaces().withFaceLandmarks().withFaceDescriptors()}: boxes from {@link OnnxFaceDetector},
 * landmarks on each box, a unit embedding of face-api's aligned box. Faces whose box is smaller than
 * {@code minFaceSide} pixels (default {@value #DEFAULT_MIN_FACE_SIDE}) are skipped: the landmark and
 * recognition nets are useless on them. Thread-safe; {@link #close()} closes all three sessions.
 */
public final class FaceAnalyzer implements AutoCloseable {
    /** Default smallest face box side (pixels) that is analysed. */
    public static final double DEFAULT_MIN_FACE_SIDE = 32;

    /** One analysed face: detector box, landmarks in photo pixels, aligned box and unit embedding. */
    public record Face(FaceBox box, Landmarks landmarks, FaceBox alignedBox, float[] embedding) {
    }

    private final OnnxFaceDetector detector;
    private final OnnxLandmarkDetector landmarks;
    private final OnnxFaceEmbedder embedder;
    private final double minFaceSide;

    /** The packaged models, face-api's detector defaults, faces of at least 32 px. */
    public FaceAnalyzer() {
        this(null, OnnxFaceDetector.DEFAULT_MIN_SCORE, DEFAULT_MIN_FACE_SIDE, 0);
    }

    /**
     * @param modelDir folder holding ssd_mobilenetv1.onnx, face_landmark_68.onnx and face_recognition.onnx,
     *     or null for the packaged models
     * @param minScore detector score threshold in (0, 1)
     * @param minFaceSide smallest analysed box side in pixels (&gt;= 0)
     * @param intraOpThreads ONNX Runtime intra-op threads per session; 0 for one per available processor
     */
    public FaceAnalyzer(Path modelDir, double minScore, double minFaceSide, int intraOpThreads) {
        if (!(minFaceSide >= 0)) {
            throw new InvalidInputException("minFaceSide must be >= 0, got " + minFaceSide);
        }
        this.minFaceSide = minFaceSide;
        OnnxFaceDetector d = null;
        OnnxLandmarkDetector l = null;
        try {
            d = new OnnxFaceDetector(modelDir == null ? null : modelDir.resolve(OnnxFaceDetector.RESOURCE), minScore,
                    OnnxFaceDetector.DEFAULT_MAX_RESULTS, intraOpThreads);
            l = new OnnxLandmarkDetector(modelDir == null ? null : modelDir.resolve(OnnxLandmarkDetector.RESOURCE),
                    intraOpThreads);
            this.embedder = new OnnxFaceEmbedder(modelDir == null ? null : modelDir.resolve(OnnxFaceEmbedder.RESOURCE),
                    intraOpThreads);
        } catch (RuntimeException e) {
            if (d != null) {
                d.close();
            }
            if (l != null) {
                l.close();
            }
            throw e;
        }
        this.detector = d;
        this.landmarks = l;
    }

    /**
     * All faces of at least {@code minFaceSide}, by descending detector score; empty when none.
     *
     * @param photo the photo
     * @return the faces with their boxes, landmarks and embeddings; unmodifiable
     */
    public List<Face> analyze(FaceImage photo) {
        List<Face> out = new ArrayList<>();
        for (FaceBox box : detector.detect(photo)) {
            if (Math.min(box.width(), box.height()) < minFaceSide) {
                continue;
            }
            Landmarks lm = landmarks.detect(photo, box);
            FaceBox aligned = OnnxFaceEmbedder.alignedBox(lm);
            out.add(new Face(box, lm, aligned, OnnxFaceEmbedder.normalise(embedder.descriptor(photo, aligned))));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The highest-scoring face of at least {@code minFaceSide}.
     *
     * @param photo the photo
     * @return the face with its box, landmarks and embedding
     * @throws NoFaceFoundException when there is none
     */
    public Face analyzeBest(FaceImage photo) {
        for (FaceBox box : detector.detect(photo)) {
            if (Math.min(box.width(), box.height()) >= minFaceSide) {
                Landmarks lm = landmarks.detect(photo, box);
                FaceBox aligned = OnnxFaceEmbedder.alignedBox(lm);
                return new Face(box, lm, aligned, OnnxFaceEmbedder.normalise(embedder.descriptor(photo, aligned)));
            }
        }
        throw new NoFaceFoundException("no face with score > " + detector.minScore() + " and side >= " + minFaceSide
                + " px in the " + photo.width() + "x" + photo.height() + " image");
    }

    /**
     * The face detector.
     *
     * @return the detector, owned by this analyzer
     */
    public OnnxFaceDetector detector() {
        return detector;
    }

    /**
     * The landmark detector.
     *
     * @return the landmark detector, owned by this analyzer
     */
    public OnnxLandmarkDetector landmarkDetector() {
        return landmarks;
    }

    /**
     * The face embedder.
     *
     * @return the embedder, owned by this analyzer
     */
    public OnnxFaceEmbedder embedder() {
        return embedder;
    }

    @Override
    public void close() {
        detector.close();
        landmarks.close();
        embedder.close();
    }
}
