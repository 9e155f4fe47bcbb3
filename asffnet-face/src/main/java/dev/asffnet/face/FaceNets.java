package dev.asffnet.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.ModelFiles;
import dev.asffnet.models.PackagedModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Shared plumbing of the face networks: session loading and checking, face-api's pad-to-square plus
 * TF "legacy" bilinear resize (align_corners = false, half_pixel_centers = false), face-api's
 * integer box clipping, and the detectors' non-maximum suppression and mapping back to the photo.
 * Package-private.
 */
final class FaceNets {
    /** Classpath folder of the converted models (asffnet-models). */
    static final String RESOURCE_DIR = PackagedModels.FACE_DIR;

    private FaceNets() {
    }

    /**
     * A session for the model at {@code path}, or the classpath resource when {@code path} is null. Its one
     * input "image" must be {@code [N,3,inputSize,inputSize]}, or {@code [N,3,S,S]} with S free when
     * {@code inputSize} is 0.
     */
    static OrtSession open(Path path, String resource, String what, int threads, int inputSize, String... outputs) {
        byte[] bytes = path == null ? ModelFiles.resource(PackagedModels::open, RESOURCE_DIR + resource)
                : ModelFiles.file(path, what);
        OrtSession session = OnnxSessions.open(bytes, what, RestorerOptions.Device.CPU, threads);
        try {
            check(session, what, inputSize, outputs);
            return session;
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("cannot inspect " + what + ": " + e.getMessage(), e);
        }
    }

    private static void check(OrtSession s, String what, int size, String[] outputs) throws OrtException {
        Map<String, NodeInfo> in = s.getInputInfo();
        NodeInfo image = in.get("image");
        long side = size > 0 ? size : -1;
        long[] expected = {-1, 3, side, side};
        String dim = size > 0 ? Integer.toString(size) : "S";
        if (in.size() != 1 || image == null || !(image.getInfo() instanceof TensorInfo ti)
                || !Arrays.equals(ti.getShape(), expected)) {
            throw new ModelLoadException(what + " must have one input \"image\" of shape [N,3," + dim + "," + dim
                    + "], found " + describe(in));
        }
        for (String o : outputs) {
            if (!s.getOutputInfo().containsKey(o)) {
                throw new ModelLoadException(what + " has no output \"" + o + "\"; outputs are "
                        + s.getOutputInfo().keySet());
            }
        }
    }

    private static String describe(Map<String, NodeInfo> infos) {
        StringBuilder sb = new StringBuilder("{");
        infos.forEach((k, v) -> sb.append(k).append('=').append(v.getInfo()).append(' '));
        return sb.append('}').toString();
    }

    static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException | RuntimeException ignored) {
            // closing a session that failed its checks; nothing to report
        }
    }

    /** A pool for one net's input buffers: one idle buffer per thread that may call it at once. */
    static DirectFloatBuffers inputBuffers() {
        return new DirectFloatBuffers(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs a single-input session and returns the flattened float outputs, in the order asked; the input
     * tensor uses a direct buffer from {@code buffers}, given back once the tensor is closed.
     */
    static float[][] run(OrtSession session, DirectFloatBuffers buffers, String what, float[] input, int n, int size,
            String... outputs) {
        OrtEnvironment env = OnnxSessions.environment();
        FloatBuffer in = buffers.take(input);
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {n, 3, size, size});
             OrtSession.Result r = session.run(Map.of("image", t))) {
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                OnnxTensor o = (OnnxTensor) r.get(outputs[i]).orElseThrow();
                FloatBuffer fb = o.getFloatBuffer();
                out[i] = new float[fb.remaining()];
                fb.get(out[i]);
            }
            return out;
        } catch (OrtException e) {
            throw new AsffnetException(what + " inference failed: " + e.getMessage(), e);
        } finally {
            buffers.give(in);
        }
    }

    /**
     * face-api's detector post-processing, shared by the SSD and the tiny detector: candidates scoring above
     * {@code minScore}, in descending score order (stable), greedy non-maximum suppression dropping a box whose
     * IoU with a kept one exceeds {@code iouThreshold}, at most {@code maxResults}; each kept box, relative to
     * the right/bottom-padded square, is clipped to [0,1], multiplied by {@code inputSize / round(w * inputSize
     * / max(w, h))} (likewise for y: face-api's correction for the padding) and by the image size.
     *
     * @param boxes ymin, xmin, ymax, xmax of each candidate, relative to the padded square
     * @param scores each candidate's score
     * @param inputSize the network's input side
     * @param w the photo's width
     * @param h the photo's height
     * @param minScore keep scores above this
     * @param iouThreshold drop boxes overlapping a better one by more than this
     * @param maxResults keep at most this many
     * @return the boxes in photo pixels, best first
     */
    static List<FaceBox> locate(float[] boxes, float[] scores, int inputSize, int w, int h, double minScore,
            double iouThreshold, int maxResults) {
        int n = scores.length;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (scores[i] > minScore) {
                candidates.add(i);
            }
        }
        // stable sort by descending score, like Array.prototype.sort in V8
        candidates.sort((a, b) -> Float.compare(scores[b], scores[a]));
        int outputSize = Math.min(maxResults, n);
        List<Integer> selected = new ArrayList<>();
        for (int c : candidates) {
            if (selected.size() >= outputSize) {
                break;
            }
            boolean keep = true;
            for (int j = selected.size() - 1; j >= 0; j--) {
                double iou = iou(boxes, c, selected.get(j));
                if (iou == 0.0) {
                    continue;
                }
                if (iou > iouThreshold) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                selected.add(c);
            }
        }
        double scale = (double) inputSize / Math.max(w, h);
        double padX = (double) inputSize / Math.round(w * scale);
        double padY = (double) inputSize / Math.round(h * scale);
        List<FaceBox> result = new ArrayList<>(selected.size());
        for (int i : selected) {
            double top = Math.max(0, boxes[4 * i]) * padY;
            double bottom = Math.min(1.0, boxes[4 * i + 2]) * padY;
            double left = Math.max(0, boxes[4 * i + 1]) * padX;
            double right = Math.min(1.0, boxes[4 * i + 3]) * padX;
            if (!(right > left && bottom > top)) {
                continue;
            }
            result.add(new FaceBox(left * w, top * h, (right - left) * w, (bottom - top) * h, scores[i]));
        }
        return Collections.unmodifiableList(result);
    }

    private static double iou(float[] b, int i, int j) {
        double yminI = Math.min(b[4 * i], b[4 * i + 2]);
        double xminI = Math.min(b[4 * i + 1], b[4 * i + 3]);
        double ymaxI = Math.max(b[4 * i], b[4 * i + 2]);
        double xmaxI = Math.max(b[4 * i + 1], b[4 * i + 3]);
        double yminJ = Math.min(b[4 * j], b[4 * j + 2]);
        double xminJ = Math.min(b[4 * j + 1], b[4 * j + 3]);
        double ymaxJ = Math.max(b[4 * j], b[4 * j + 2]);
        double xmaxJ = Math.max(b[4 * j + 1], b[4 * j + 3]);
        double areaI = (ymaxI - yminI) * (xmaxI - xminI);
        double areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
        if (areaI <= 0 || areaJ <= 0) {
            return 0.0;
        }
        double ih = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0.0);
        double iw = Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0.0);
        double inter = ih * iw;
        return inter / (areaI + areaJ - inter);
    }

    /** A detector's result limits: {@code minScore} in (0, 1), {@code maxResults} positive. */
    static void requireDetectorLimits(double minScore, int maxResults) {
        if (!(minScore > 0 && minScore < 1)) {
            throw new InvalidInputException("minScore must be in (0, 1), got " + minScore);
        }
        if (maxResults < 1) {
            throw new InvalidInputException("maxResults must be positive, got " + maxResults);
        }
    }

    static void requireImage(FaceImage image, String name, int minSide) {
        if (image == null) {
            throw new InvalidInputException(name + " is null");
        }
        if (image.width() < minSide || image.height() < minSide) {
            throw new InvalidInputException(name + " is " + image.width() + "x" + image.height()
                    + " pixels; at least " + minSide + "x" + minSide + " is needed");
        }
    }

    /** An integer crop rectangle inside an image. */
    record Crop(int x, int y, int width, int height) {
        static Crop whole(FaceImage image) {
            return new Crop(0, 0, image.width(), image.height());
        }

        /**
         * face-api's {@code Box.clipAtImageBorders}: clip x, y at 0 and the right/bottom edge at the image
         * size, then floor x, y, width and height separately.
         */
        static Crop clip(FaceBox box, int imageWidth, int imageHeight, String name) {
            if (box == null) {
                throw new InvalidInputException(name + " is null");
            }
            if (!Double.isFinite(box.x()) || !Double.isFinite(box.y()) || !Double.isFinite(box.width())
                    || !Double.isFinite(box.height())) {
                throw new InvalidInputException(name + " has a non-finite coordinate: " + box);
            }
            double cx = Math.max(box.x(), 0);
            double cy = Math.max(box.y(), 0);
            double w = Math.min(box.x() + box.width() - cx, imageWidth - cx);
            double h = Math.min(box.y() + box.height() - cy, imageHeight - cy);
            return new Crop((int) Math.floor(cx), (int) Math.floor(cy), (int) Math.floor(w), (int) Math.floor(h));
        }

        void requireAtLeast(int minSide, String name) {
            if (width < minSide || height < minSide) {
                throw new InvalidInputException(name + " covers " + Math.max(width, 0) + "x" + Math.max(height, 0)
                        + " pixels of the image (x=" + x + ", y=" + y + "); at least " + minSide + "x" + minSide
                        + " inside the image is needed");
            }
        }

        int side() {
            return Math.max(width, height);
        }

        /** Padding before the content on the short axis (face-api padToSquare: round(diff/2) goes after). */
        int padBefore(boolean centred) {
            if (!centred) {
                return 0;
            }
            int diff = Math.abs(width - height);
            return diff - (int) Math.floor(diff * 0.5 + 0.5);
        }
    }

    /**
     * Writes {@code crop} of {@code image}, zero-padded to a square (centred or right/bottom) and resized to
     * {@code size x size}, planar RGB in [0,1], into {@code dst} at {@code offset}. Exactly face-api's
     * {@code NetInput.toBatchTensor}: padToSquare, then tf.image.resizeBilinear(alignCorners=false,
     * halfPixelCenters=false): output pixel {@code r} reads the padded square at {@code r * S / size}.
     */
    static void squareInput(FaceImage image, Crop crop, boolean centred, int size, float[] dst, int offset) {
        int s = crop.side();
        int before = crop.padBefore(centred);
        int offX = crop.width() < crop.height() ? before : 0;
        int offY = crop.height() < crop.width() ? before : 0;
        double ratio = (double) s / size;
        int[] r0 = new int[size];
        int[] r1 = new int[size];
        double[] fr = new double[size];
        for (int i = 0; i < size; i++) {
            double src = ratio * i;
            r0[i] = Math.max(0, (int) Math.floor(src));
            r1[i] = Math.min(s - 1, (int) Math.ceil(src));
            fr[i] = src - r0[i];
        }
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < size; v++) {
                int ya = r0[v] - offY;
                int yb = r1[v] - offY;
                double fy = fr[v];
                for (int u = 0; u < size; u++) {
                    int xa = r0[u] - offX;
                    int xb = r1[u] - offX;
                    double fx = fr[u];
                    double tl = px(image, crop, c, xa, ya);
                    double tr = px(image, crop, c, xb, ya);
                    double bl = px(image, crop, c, xa, yb);
                    double br = px(image, crop, c, xb, yb);
                    double top = tl + (tr - tl) * fx;
                    double bottom = bl + (br - bl) * fx;
                    dst[offset + c * plane + v * size + u] = (float) (top + (bottom - top) * fy);
                }
            }
        }
    }

    private static double px(FaceImage image, Crop crop, int c, int x, int y) {
        if (x < 0 || y < 0 || x >= crop.width() || y >= crop.height()) {
            return 0;
        }
        return image.get(c, crop.x() + x, crop.y() + y);
    }
}
