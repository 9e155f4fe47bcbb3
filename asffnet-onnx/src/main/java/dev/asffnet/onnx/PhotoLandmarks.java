package dev.asffnet.onnx;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.onnx.face.OnnxFaceDetector;
import dev.asffnet.onnx.face.OnnxLandmarkDetector;
import java.util.List;

/**
 * Landmarks of the main face of any image: the face detector's best box when it finds one, otherwise the
 * whole image taken as the face box (a tight crop of a tiny or heavily degraded face, where detection
 * fails). The packaged models are loaded on first use, so restorers that are always given landmarks never
 * load them. Thread-safe; close it.
 */
public final class PhotoLandmarks implements LandmarkDetector {
    private OnnxFaceDetector detector;
    private OnnxLandmarkDetector landmarks;
    private boolean closed;

    private synchronized void load() {
        if (closed) {
            throw new IllegalStateException("landmark detector is closed");
        }
        if (landmarks == null) {
            OnnxFaceDetector d = new OnnxFaceDetector();
            try {
                landmarks = new OnnxLandmarkDetector();
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            detector = d;
        }
    }

    /** All detected face boxes, best first (empty when none). */
    public List<FaceBox> faces(FaceImage photo) {
        load();
        return detector.detect(photo);
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
