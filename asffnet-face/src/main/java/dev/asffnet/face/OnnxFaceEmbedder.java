package dev.asffnet.face;

import ai.onnxruntime.OrtSession;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceEmbedder;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import java.nio.file.Path;

/**
 * face-api's face recognition net (ResNet-34-like, 128-d descriptor, MIT) on ONNX Runtime.
 *
 * <p><b>Input.</b> The face crop is zero-padded to a centred square of side {@code s = max(w, h)},
 * resized to 150x150 with TF's legacy bilinear resize and fed as planar RGB in [0,1]; the graph computes
 * {@code (255 x - [122.782, 117.001, 104.298]) / 255} (vladmandic/face-api; face-api.js 0.22 divided by 256).
 *
 * <p><b>Output.</b> {@link #descriptor} is face-api's raw descriptor (Euclidean distance &lt; 0.6 means
 * "same person" in face-api's terms); {@link #embed} is that vector scaled to unit length, so cosine
 * similarity is a dot product.
 *
 * <p>Which crop: face-api computes descriptors on the box {@link #alignedBox} derives from the landmarks
 * (its {@code align(useDlibAlignment)}); {@link #embed(FaceImage, Landmarks)} does that. Images or crops
 * smaller than {@value #MIN_CROP_SIDE} pixels are rejected with {@link InvalidInputException}.
 * Thread-safe; owns one {@link OrtSession}: close it.
 */
public final class OnnxFaceEmbedder implements FaceEmbedder {
    /** Classpath resource name (in asffnet-models) of the default model. */
    public static final String RESOURCE = "face_recognition.onnx";
    /** Network input side. */
    public static final int INPUT_SIZE = 150;
    /** Embedding length. */
    public static final int DIMENSION = 128;
    /** Smallest accepted crop side. */
    public static final int MIN_CROP_SIDE = 4;

    private final OrtSession session;
    private final CloseGuard guard = new CloseGuard("face embedder");
    /** Direct input buffers reused across calls (ONNX Runtime reads them in place). */
    private final DirectFloatBuffers buffers = FaceNets.inputBuffers();

    /** The packaged model with one intra-op thread per available processor. */
    public OnnxFaceEmbedder() {
        this(null, 0);
    }

    /**
     * @param model an ONNX file made by tools/face-models/convert.py, or null for the packaged model
     * @param intraOpThreads ONNX Runtime intra-op threads; 0 for one per available processor
     * @throws dev.asffnet.api.ModelLoadException if the model is missing, corrupt or of the wrong shape
     */
    public OnnxFaceEmbedder(Path model, int intraOpThreads) {
        this.session = FaceNets.open(model, RESOURCE, "face recognition model (face_recognition)", intraOpThreads,
                INPUT_SIZE, "descriptor");
    }

    /** Unit-length embedding of the face filling {@code face}. */
    @Override
    public float[] embed(FaceImage face) {
        return normalise(descriptor(face));
    }

    /**
     * Unit-length embedding of the face with these landmarks in {@code photo}, on face-api's aligned box.
     *
     * @param photo the photo
     * @param landmarks the face's 68 landmarks in photo pixels
     * @return the unit-length 128-d embedding
     */
    public float[] embed(FaceImage photo, Landmarks landmarks) {
        return normalise(descriptor(photo, alignedBox(landmarks)));
    }

    /**
     * face-api's raw (not normalised) 128-d descriptor of the face filling {@code face}.
     *
     * @param face an image that the face fills
     * @return the 128 values
     */
    public float[] descriptor(FaceImage face) {
        FaceNets.requireImage(face, "face", MIN_CROP_SIDE);
        return run(face, FaceNets.Crop.whole(face));
    }

    /**
     * face-api's raw descriptor of {@code box} of {@code photo} (clipped and floored like face-api).
     *
     * @param photo the photo
     * @param box the face box in photo pixels
     * @return the 128 values
     */
    public float[] descriptor(FaceImage photo, FaceBox box) {
        FaceNets.requireImage(photo, "photo", MIN_CROP_SIDE);
        FaceNets.Crop crop = FaceNets.Crop.clip(box, photo.width(), photo.height(), "face box");
        crop.requireAtLeast(MIN_CROP_SIDE, "face box " + box);
        return run(photo, crop);
    }

    private float[] run(FaceImage image, FaceNets.Crop crop) {
        float[] input = new float[3 * INPUT_SIZE * INPUT_SIZE];
        FaceNets.squareInput(image, crop, true, INPUT_SIZE, input, 0);
        return guard.call(() -> FaceNets.run(session, buffers, "face embedder", input, 1, INPUT_SIZE, "descriptor"))[0];
    }

    /**
     * face-api's {@code FaceLandmarks68.align(null, {useDlibAlignment: true})}: centres of the left eye
     * (36-41), right eye (42-47) and mouth (48-67); {@code size = floor(mean eye-to-mouth distance / 0.45)};
     * {@code x = floor(max(0, c.x - 0.5 size))}, {@code y = floor(max(0, c.y - 0.43 size))} with {@code c}
     * the mean of the three centres; a {@code size x size} box (score 1). Not clipped (the crop is).
     *
     * @param lm the face's 68 landmarks
     * @return the square box in the landmarks' pixels
     */
    public static FaceBox alignedBox(Landmarks lm) {
        if (lm == null) {
            throw new InvalidInputException("landmarks are null");
        }
        double[] le = lm.centroid(36, 42);
        double[] re = lm.centroid(42, 48);
        double[] mo = lm.centroid(48, 68);
        double d = (Math.hypot(mo[0] - le[0], mo[1] - le[1]) + Math.hypot(mo[0] - re[0], mo[1] - re[1])) / 2;
        double size = Math.floor(d / 0.45);
        double cx = (le[0] + re[0] + mo[0]) / 3;
        double cy = (le[1] + re[1] + mo[1]) / 3;
        double x = Math.floor(Math.max(0, cx - 0.5 * size));
        double y = Math.floor(Math.max(0, cy - 0.43 * size));
        return new FaceBox(x, y, size, size, 1.0);
    }

    static float[] normalise(float[] v) {
        double n = 0;
        for (float f : v) {
            n += (double) f * f;
        }
        n = Math.sqrt(n);
        if (!(n > 0)) {
            throw new InvalidInputException("descriptor has zero length");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    @Override
    public void close() {
        guard.close(() -> {
            FaceNets.closeQuietly(session);
            buffers.clear();
        });
    }
}
