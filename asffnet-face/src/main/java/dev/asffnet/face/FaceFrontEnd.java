package dev.asffnet.face;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestorerClosedException;
import java.util.List;

/**
 * The face front end both engines use: faces of a photo ({@link #faceDetector()}) and the 68 landmarks of
 * a face ({@link LandmarkDetector}). For an image with no detected face, the whole image is taken as the
 * face box (a tight crop of a tiny or heavily degraded face, where detection fails). The packaged models
 * are loaded on first use, so restorers that are always given landmarks never load them. Thread-safe;
 * closing it, or its detector view, closes both nets once.
 */
public final class FaceFrontEnd implements LandmarkDetector {
    private final int threads;
    private OnnxFaceDetector detector;
    private OnnxLandmarkDetector landmarks;
    private boolean closed;

    /** The packaged models with ONNX Runtime's default threading. */
    public FaceFrontEnd() {
        this(0);
    }

    /**
     * @param threads intra-op threads of each session; 0 for ONNX Runtime's default
     */
    public FaceFrontEnd(int threads) {
        this.threads = threads;
    }

    private synchronized void load() {
        if (closed) {
            throw new RestorerClosedException("the face front end is closed: open a new one");
        }
        if (landmarks == null) {
            OnnxFaceDetector d = new OnnxFaceDetector(null, OnnxFaceDetector.DEFAULT_MIN_SCORE,
                    OnnxFaceDetector.DEFAULT_MAX_RESULTS, threads);
            try {
                landmarks = new OnnxLandmarkDetector(null, threads);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            detector = d;
        }
    }

    /**
     * All detected face boxes, best first (empty when none).
     *
     * @param photo the photo
     * @return the boxes
     */
    public List<FaceBox> faces(FaceImage photo) {
        load();
        return detector.detect(photo);
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

    @Override
    public Landmarks detect(FaceImage image) {
        load();
        List<FaceBox> boxes = detector.detect(image);
        return boxes.isEmpty() ? landmarks.detect(image) : landmarks.detect(image, boxes.get(0));
    }

    @Override
    public Landmarks detect(FaceImage photo, FaceBox box) {
        load();
        return landmarks.detect(photo, box);
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
