package dev.asffnet.face;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * face-api's tiny face detector (a Tiny YOLO v2 with separable convolutions, 193k parameters, MIT) on ONNX
 * Runtime: several times faster than {@link OnnxFaceDetector} (3-6x at input side 416, 20-45x at 160 on a
 * 2-core machine, docs/benchmarks.md), and as good only where the face's size in network pixels suits it
 * (docs/face-analysis.md, "Detector choice").
 *
 * <p><b>Input.</b> The photo is zero-padded on the right or bottom to a square of side {@code max(w, h)},
 * resized to {@code inputSize} (a multiple of 32; face-api's default {@value #DEFAULT_INPUT_SIZE}) with TF's
 * legacy bilinear resize, and fed as planar RGB in [0,1]; the graph applies face-api's
 * {@code (255x - [117.001, 114.697, 97.404]) / 255} (vladmandic 1.7.15; face-api.js 0.22 divided by 256).
 * Faces are found best when their landmark box spans roughly 30-100 network pixels: nearly none under 20
 * (a 48 px face in a 1024 px photo at 416), one in six missed at about 170 (a frame-filling face at 416, where
 * {@link FaceFrontEnd#facesWithPadding} recovers them). A small input side is faster and suits crops whose
 * face fills the frame.
 *
 * <p><b>Output decoding</b> (face-api's {@code TinyYolov2Base.extractBoxes}): the graph returns the raw grid
 * {@code [N,25,G,G]}, {@code G = inputSize / 32}, channel {@code 5a + k} holding {@code tx, ty, tw, th} and
 * the score logit of anchor {@code a}. A cell (row, col) and anchor give score {@code sigmoid(logit)}, kept
 * when &gt; {@code minScore} (default {@value #DEFAULT_MIN_SCORE}; face-api's default, and at this threshold
 * the detector sometimes boxes two faces as one: 0.7 is stricter), centre {@code ((col, row) +
 * sigmoid(tx, ty)) / G} and size {@code exp(tw, th) * anchor / G} relative to the padded square. Then, as
 * for the SSD ({@link FaceNets#locate}): greedy non-maximum suppression at IoU &gt; {@value #IOU_THRESHOLD},
 * at most {@code maxResults} boxes, each clipped to the padded square (face-api's tiny detector does not clip;
 * its SSD does) and mapped back to photo pixels.
 *
 * <p>No face gives an empty list. Images smaller than {@value #MIN_IMAGE_SIDE} pixels on a side are rejected
 * with {@link InvalidInputException}. Thread-safe; owns one {@link OrtSession}: close it (later calls throw
 * {@link dev.asffnet.api.RestorerClosedException}).
 */
public final class OnnxTinyFaceDetector implements FaceDetector {
    /** Classpath resource name (in asffnet-models) of the model. */
    public static final String RESOURCE = "tiny_face_detector.onnx";
    /** face-api's default input side. */
    public static final int DEFAULT_INPUT_SIZE = 416;
    /** Largest accepted input side. */
    public static final int MAX_INPUT_SIZE = 1024;
    /** Smallest accepted image side. */
    public static final int MIN_IMAGE_SIDE = 16;
    /** face-api's default minimum score. */
    public static final double DEFAULT_MIN_SCORE = 0.5;
    /** face-api's NMS IoU threshold for this detector. */
    public static final double IOU_THRESHOLD = 0.4;
    /** Default maximum number of results (face-api sets none). */
    public static final int DEFAULT_MAX_RESULTS = 100;

    /** Anchor widths and heights in grid cells, face-api's {@code BOX_ANCHORS}. */
    private static final double[][] ANCHORS = {{1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061},
        {4.266906, 5.178857}, {9.041765, 10.66308}};
    private static final int FIELDS = 5;

    private final OrtSession session;
    private final CloseGuard guard = new CloseGuard("tiny face detector");
    /** Direct input buffers reused across calls (ONNX Runtime reads them in place). */
    private final DirectFloatBuffers buffers = FaceNets.inputBuffers();
    private final int inputSize;
    private final double minScore;
    private final int maxResults;

    /** The packaged model, face-api's defaults, one intra-op thread per available processor. */
    public OnnxTinyFaceDetector() {
        this(null, DEFAULT_INPUT_SIZE, DEFAULT_MIN_SCORE, DEFAULT_MAX_RESULTS, 0);
    }

    /**
     * @param model an ONNX file made by tools/face-models/convert.py, or null for the packaged model
     * @param inputSize network input side: a multiple of 32 from 32 to {@value #MAX_INPUT_SIZE}
     * @param minScore keep boxes scoring above this, in (0, 1)
     * @param maxResults at most this many boxes
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 for one per available processor
     * @throws InvalidInputException if a parameter is out of range
     * @throws dev.asffnet.api.ModelLoadException if the model is missing, corrupt or of the wrong shape
     */
    public OnnxTinyFaceDetector(Path model, int inputSize, double minScore, int maxResults, int intraOpThreads) {
        if (inputSize < 32 || inputSize > MAX_INPUT_SIZE || inputSize % 32 != 0) {
            throw new InvalidInputException("inputSize must be a multiple of 32 from 32 to " + MAX_INPUT_SIZE
                    + " (face-api's default is " + DEFAULT_INPUT_SIZE + "), got " + inputSize);
        }
        FaceNets.requireDetectorLimits(minScore, maxResults);
        this.inputSize = inputSize;
        this.minScore = minScore;
        this.maxResults = maxResults;
        this.session = FaceNets.open(model, RESOURCE, "tiny face detector model (tiny_face_detector)", intraOpThreads,
                0, "grid");
    }

    @Override
    public List<FaceBox> detect(FaceImage photo) {
        float[] grid = grid(photo);
        return decode(grid, inputSize, photo.width(), photo.height(), minScore, maxResults);
    }

    /** The raw network output {@code [25, G, G]} for {@code photo}; package-private for tests. */
    float[] grid(FaceImage photo) {
        FaceNets.requireImage(photo, "photo", MIN_IMAGE_SIDE);
        float[] input = new float[3 * inputSize * inputSize];
        FaceNets.squareInput(photo, FaceNets.Crop.whole(photo), false, inputSize, input, 0);
        return guard.call(() -> FaceNets.run(session, buffers, "tiny face detector", input, 1, inputSize, "grid"))[0];
    }

    /** face-api's decoding of the grid (see the class comment); package-private for tests. */
    static List<FaceBox> decode(float[] grid, int inputSize, int w, int h, double minScore, int maxResults) {
        int g = inputSize / 32;
        int cells = g * g;
        if (grid.length != ANCHORS.length * FIELDS * cells) {
            throw new IllegalStateException("tiny face detector grid has " + grid.length + " values, expected "
                    + ANCHORS.length * FIELDS * cells + " for input side " + inputSize);
        }
        int n = 0;
        float[] boxes = new float[4 * ANCHORS.length * cells];
        float[] scores = new float[ANCHORS.length * cells];
        for (int row = 0; row < g; row++) {
            for (int col = 0; col < g; col++) {
                for (int a = 0; a < ANCHORS.length; a++) {
                    int at = a * FIELDS * cells + row * g + col;
                    double score = sigmoid(grid[at + 4 * cells]);
                    if (!(score > minScore)) {
                        continue;
                    }
                    double cx = (col + sigmoid(grid[at])) / g;
                    double cy = (row + sigmoid(grid[at + cells])) / g;
                    double bw = Math.exp(grid[at + 2 * cells]) * ANCHORS[a][0] / g;
                    double bh = Math.exp(grid[at + 3 * cells]) * ANCHORS[a][1] / g;
                    boxes[4 * n] = (float) (cy - bh / 2);
                    boxes[4 * n + 1] = (float) (cx - bw / 2);
                    boxes[4 * n + 2] = (float) (cy + bh / 2);
                    boxes[4 * n + 3] = (float) (cx + bw / 2);
                    scores[n++] = (float) score;
                }
            }
        }
        return FaceNets.locate(Arrays.copyOf(boxes, 4 * n), Arrays.copyOf(scores, n), inputSize,
                w, h, minScore, IOU_THRESHOLD, maxResults);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** @return the network input side */
    public int inputSize() {
        return inputSize;
    }

    /** @return the minimum score this detector keeps */
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
