package dev.asffnet.face;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * face-api's SSD MobileNetV1 face detector (WIDER FACE, weights Apache-2.0) on ONNX Runtime.
 *
 * <p><b>Input.</b> The photo is zero-padded on the right or bottom to a square of side {@code max(w, h)},
 * resized to 512x512 with TF's legacy bilinear resize (output pixel {@code r} reads {@code r * side / 512};
 * no half-pixel offset) and fed as planar RGB in [0,1]; the graph maps it to {@code 2x - 1}
 * (= {@code u8 / 127.5 - 1}).
 *
 * <p><b>Output decoding.</b> The graph decodes the 5118 anchor boxes itself ({@code boxes}: ymin, xmin,
 * ymax, xmax relative to the padded square; {@code scores}: sigmoid of the face logit). In Java, as in
 * face-api's {@code locateFaces}: candidates with score &gt; {@code minScore} (default 0.5) in descending
 * score order, greedy non-maximum suppression at IoU &gt; 0.5, at most {@code maxResults} (100) boxes;
 * each box is clipped to [0,1], rescaled by {@code 512 / round(w * 512 / side)} (and likewise for y) and
 * multiplied by the image size. Boxes are in photo pixels with the top-left corner of pixel (0,0) at 0.
 *
 * <p>No face gives an empty list. Images smaller than {@value #MIN_IMAGE_SIDE} pixels on a side are
 * rejected with {@link InvalidInputException}. Grey images work (FaceImage is always RGB). Thread-safe;
 * owns one {@link OrtSession}: close it.
 */
public final class OnnxFaceDetector implements FaceDetector {
    /** Classpath resource name (in asffnet-models) of the default model. */
    public static final String RESOURCE = "ssd_mobilenetv1.onnx";
    /** Network input side. */
    public static final int INPUT_SIZE = 512;
    /** Smallest accepted image side. */
    public static final int MIN_IMAGE_SIDE = 16;
    /** face-api's default minimum score. */
    public static final double DEFAULT_MIN_SCORE = 0.5;
    /** face-api's NMS IoU threshold. */
    public static final double IOU_THRESHOLD = 0.5;
    /** face-api's default maximum number of results. */
    public static final int DEFAULT_MAX_RESULTS = 100;

    private final OrtSession session;
    private final CloseGuard guard = new CloseGuard("face detector");
    /** Direct input buffers reused across calls (ONNX Runtime reads them in place). */
    private final DirectFloatBuffers buffers = FaceNets.inputBuffers();
    private final double minScore;
    private final int maxResults;

    /** The packaged model, face-api's defaults, one intra-op thread per available processor. */
    public OnnxFaceDetector() {
        this(null, DEFAULT_MIN_SCORE, DEFAULT_MAX_RESULTS, 0);
    }

    /**
     * @param model an ONNX file made by tools/face-models/convert.py, or null for the packaged model
     * @param minScore keep boxes scoring above this, in (0, 1)
     * @param maxResults at most this many boxes
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 for one per available processor
     * @throws dev.asffnet.api.ModelLoadException if the model is missing, corrupt or of the wrong shape
     */
    public OnnxFaceDetector(Path model, double minScore, int maxResults, int intraOpThreads) {
        FaceNets.requireDetectorLimits(minScore, maxResults);
        this.minScore = minScore;
        this.maxResults = maxResults;
        this.session = FaceNets.open(model, RESOURCE, "face detector model (ssd_mobilenetv1)", intraOpThreads,
                INPUT_SIZE, "boxes", "scores");
    }

    @Override
    public List<FaceBox> detect(FaceImage photo) {
        FaceNets.requireImage(photo, "photo", MIN_IMAGE_SIDE);
        int w = photo.width();
        int h = photo.height();
        float[] input = new float[3 * INPUT_SIZE * INPUT_SIZE];
        FaceNets.squareInput(photo, FaceNets.Crop.whole(photo), false, INPUT_SIZE, input, 0);
        float[][] out = guard.call(() -> FaceNets.run(session, buffers, "face detector", input, 1, INPUT_SIZE, "boxes", "scores"));
        return decode(out[0], out[1], w, h, minScore, maxResults);
    }

    /** face-api's locateFaces post-processing (see the class comment); package-private for tests. */
    static List<FaceBox> decode(float[] boxes, float[] scores, int w, int h, double minScore, int maxResults) {
        return FaceNets.locate(boxes, scores, INPUT_SIZE, w, h, minScore, IOU_THRESHOLD, maxResults);
    }

    /**
     * The minimum score this detector keeps.
     *
     * @return the score threshold
     */
    public double minScore() {
        return minScore;
    }

    @Override
    public void close() {
        guard.close(() -> {
            FaceNets.closeQuietly(session);
            buffers.clear();
        });
    }
}
