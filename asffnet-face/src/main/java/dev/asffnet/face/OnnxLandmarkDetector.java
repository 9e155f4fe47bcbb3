package dev.asffnet.face;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import java.nio.file.Path;

/**
 * face-api's 68-point landmark net ({@code face_landmark_68}, MIT; its ~35k training images were never named
 * upstream) on ONNX Runtime.
 *
 * <p><b>Input.</b> The face box is clipped to the image and floored like face-api's
 * {@code Box.clipAtImageBorders} (x, y, width, height each floored), the crop is zero-padded to a centred
 * square of side {@code s = max(w, h)} ({@code round(diff/2)} after, the rest before), resized to 112x112
 * with TF's legacy bilinear resize (output pixel {@code r} reads {@code r * s / 112}) and fed as planar RGB in
 * [0,1]; the graph computes {@code (255 x - [122.782, 117.001, 104.298]) / 255}.
 *
 * <p><b>Output decoding.</b> The net gives x0,y0,...,x67,y67 (iBUG order) relative to the padded square;
 * as in face-api's {@code postProcess}, {@code x = out_x * s - (s - w) / 2 + cropX} and likewise for y, in
 * photo pixels. (face-api itself then shifts by the unfloored box origin; we shift by the origin of the
 * pixels actually used, which can differ by up to one pixel.)
 *
 * <p>Crops smaller than {@value #MIN_CROP_SIDE} pixels inside the image are rejected with
 * {@link dev.asffnet.api.InvalidInputException}. The net always answers: a box without a face gives
 * meaningless points (filter with the detector). Thread-safe; owns one {@link OrtSession}: close it (at any
 * time: calls in flight finish, later ones throw {@link dev.asffnet.api.RestorerClosedException}).
 */
public final class OnnxLandmarkDetector implements LandmarkDetector {
    /** Classpath resource name (in asffnet-models) of face-api's original model. */
    public static final String RESOURCE = "face_landmark_68.onnx";
    /** The same net fine-tuned on Eqn 18-degraded faces (training/landmarks), the front end's default. */
    public static final String RESOURCE_ROBUST = "face_landmark_68_robust.onnx";
    /** Network input side. */
    public static final int INPUT_SIZE = 112;
    /** Smallest accepted crop side. */
    public static final int MIN_CROP_SIDE = 4;

    private final OrtSession session;
    private final CloseGuard guard = new CloseGuard("landmark detector");
    /** Direct input buffers reused across calls (ONNX Runtime reads them in place). */
    private final DirectFloatBuffers buffers = FaceNets.inputBuffers();

    /** The packaged model with one intra-op thread per available processor. */
    public OnnxLandmarkDetector() {
        this(null, 0);
    }

    /**
     * @param model an ONNX file made by tools/face-models/convert.py, or null for the packaged model
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 for one per available processor
     * @throws dev.asffnet.api.ModelLoadException if the model is missing, corrupt or of the wrong shape
     */
    public OnnxLandmarkDetector(Path model, int intraOpThreads) {
        this(model, RESOURCE, intraOpThreads);
    }

    private OnnxLandmarkDetector(Path model, String resource, int intraOpThreads) {
        this.session = FaceNets.open(model, resource, "landmark model (" + resource + ")", intraOpThreads,
                INPUT_SIZE, "landmarks");
    }

    /**
     * A packaged landmark model.
     *
     * @param resource {@link #RESOURCE} or {@link #RESOURCE_ROBUST}
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 for one per available processor
     * @return the detector
     */
    public static OnnxLandmarkDetector packaged(String resource, int intraOpThreads) {
        return new OnnxLandmarkDetector(null, resource, intraOpThreads);
    }

    @Override
    public Landmarks detect(FaceImage face) {
        FaceNets.requireImage(face, "face", MIN_CROP_SIDE);
        return detect(face, FaceNets.Crop.whole(face));
    }

    @Override
    public Landmarks detect(FaceImage photo, FaceBox box) {
        FaceNets.requireImage(photo, "photo", MIN_CROP_SIDE);
        FaceNets.Crop crop = FaceNets.Crop.clip(box, photo.width(), photo.height(), "face box");
        crop.requireAtLeast(MIN_CROP_SIDE, "face box " + box);
        return detect(photo, crop);
    }

    private Landmarks detect(FaceImage photo, FaceNets.Crop crop) {
        float[] input = new float[3 * INPUT_SIZE * INPUT_SIZE];
        FaceNets.squareInput(photo, crop, true, INPUT_SIZE, input, 0);
        float[] out = guard.call(() -> FaceNets.run(session, buffers, "landmark detector", input, 1, INPUT_SIZE, "landmarks"))[0];
        return decode(out, crop);
    }

    static Landmarks decode(float[] out, FaceNets.Crop crop) {
        double s = crop.side();
        double padX = (s - crop.width()) / 2.0;
        double padY = (s - crop.height()) / 2.0;
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < Landmarks.COUNT; i++) {
            xy[2 * i] = out[2 * i] * s - padX + crop.x();
            xy[2 * i + 1] = out[2 * i + 1] * s - padY + crop.y();
        }
        return Landmarks.of(xy);
    }

    @Override
    public void close() {
        guard.close(() -> {
            FaceNets.closeQuietly(session);
            buffers.clear();
        });
    }
}
