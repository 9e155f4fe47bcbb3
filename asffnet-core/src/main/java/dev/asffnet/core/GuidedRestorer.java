package dev.asffnet.core;

import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.Selection;
import dev.asffnet.geometry.AffineDistanceSelector;
import dev.asffnet.geometry.AlignedFace;
import dev.asffnet.geometry.BicubicResize;
import dev.asffnet.geometry.FaceAligner;
import dev.asffnet.geometry.LandmarkMap;
import dev.asffnet.geometry.LandmarkWeights;
import dev.asffnet.geometry.MlsAligner;
import dev.asffnet.geometry.SimilarityTransform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * The ASFFNet restoration pipeline around a backend's network: canonical alignment of the degraded face
 * and the exemplars (bicubic pre-upsampling of small faces, as in training), guidance selection by the
 * weighted affine distance (Eqn 2, with the given landmark weights), the MLS warp grid (Eqn 5) and the landmark
 * map, batched network inference, clamping. Stateless apart from the network: thread-safe.
 */
public final class GuidedRestorer implements Restorer {
    private final AsffnetNetwork network;
    private final AffineDistanceSelector selector;
    private final LandmarkDetector landmarkDetector;
    private final String backend;
    private final int batchSize;
    /** Recently aligned exemplars by object identity (exemplars are immutable), so frame sequences and
     * repeated calls with one exemplar list align each exemplar once. */
    private final Map<IdentityKey, Canonical> alignedCache =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<IdentityKey, Canonical> eldest) {
                    return size() > CACHE_SIZE;
                }
            });
    private static final int CACHE_SIZE = 32;

    /**
     * @param network the backend's network; closed with this restorer
     * @param weights landmark weights for guidance selection (Eqn 2; learned by Eqn 4, or uniform)
     * @param landmarkDetector detector for {@link #restore(FaceImage, List)}, or null; closed with this restorer
     * @param backend backend name reported by {@link #backend()}
     * @param batchSize faces per network call in {@link #restoreAll}
     */
    public GuidedRestorer(AsffnetNetwork network, LandmarkWeights weights, LandmarkDetector landmarkDetector,
            String backend, int batchSize) {
        this.network = Objects.requireNonNull(network, "network");
        this.selector = new AffineDistanceSelector(Objects.requireNonNull(weights, "weights"));
        this.landmarkDetector = landmarkDetector;
        this.backend = backend;
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    public RestoreResult restore(Exemplar degraded, List<Exemplar> exemplars) {
        if (degraded == null) {
            throw new InvalidInputException("degraded face is null");
        }
        return restoreAll(List.of(degraded), exemplars).get(0);
    }

    @Override
    public RestoreResult restore(FaceImage degraded, List<Exemplar> exemplars) {
        if (landmarkDetector == null) {
            return Restorer.super.restore(degraded, exemplars);
        }
        if (degraded == null) {
            throw new InvalidInputException("degraded image is null");
        }
        return restore(new Exemplar(degraded, landmarkDetector.detect(degraded)), exemplars);
    }

    @Override
    public List<RestoreResult> restoreAll(List<Exemplar> degraded, List<Exemplar> exemplars) {
        if (degraded == null || degraded.isEmpty()) {
            throw new InvalidInputException("no degraded faces given");
        }
        for (int i = 0; i < degraded.size(); i++) {
            if (degraded.get(i) == null) {
                throw new InvalidInputException("degraded face " + i + " is null");
            }
        }
        List<Canonical> guides = alignExemplars(exemplars);
        List<Landmarks> guideLandmarks = guides.stream().map(c -> c.face().landmarks()).toList();
        int s = network.size();
        int plane = s * s;
        int g = s / MlsAligner.FEATURE_FACTOR;
        List<RestoreResult> results = new ArrayList<>(degraded.size());
        for (int start = 0; start < degraded.size(); start += batchSize) {
            int n = Math.min(batchSize, degraded.size() - start);
            float[] deg = new float[n * 3 * plane];
            float[] gui = new float[n * 3 * plane];
            float[] grid = new float[n * g * g * 2];
            float[] lmap = new float[n * plane];
            Canonical[] faces = new Canonical[n];
            Selection[] selections = new Selection[n];
            for (int i = 0; i < n; i++) {
                Canonical d = canonical(degraded.get(start + i), s, "degraded face " + (start + i));
                Selection sel = selector.select(d.face().landmarks(), guideLandmarks);
                AlignedFace guide = guides.get(sel.index()).face();
                d.face().crop().copyTo(deg, i * 3 * plane);
                guide.crop().copyTo(gui, i * 3 * plane);
                float[] gr = MlsAligner.featureGrid(d.face().landmarks(), guide.landmarks(), s).toNormalizedGrid();
                System.arraycopy(gr, 0, grid, i * gr.length, gr.length);
                float[] m = LandmarkMap.draw(d.face().landmarks(), s, s);
                System.arraycopy(m, 0, lmap, i * plane, plane);
                faces[i] = d;
                selections[i] = sel;
            }
            float[] out = network.forward(n, deg, gui, grid, lmap);
            if (out == null || out.length != n * 3 * plane) {
                throw new AsffnetException("network returned " + (out == null ? "null" : out.length + " values")
                        + ", expected " + n * 3 * plane);
            }
            for (int i = 0; i < n; i++) {
                float[] img = new float[3 * plane];
                for (int k = 0; k < img.length; k++) {
                    float v = out[i * 3 * plane + k];
                    if (!Float.isFinite(v)) {
                        throw new AsffnetException("network produced a non-finite value for face " + (start + i)
                                + "; the model file may be corrupt");
                    }
                    img[k] = v < 0f ? 0f : (v > 1f ? 1f : v);
                }
                results.add(new RestoreResult(FaceImage.of(s, s, img), faces[i].face().crop(),
                        guides.get(selections[i].index()).face().crop(), selections[i], faces[i].cropToInput()));
            }
        }
        return results;
    }

    private List<Canonical> alignExemplars(List<Exemplar> exemplars) {
        if (exemplars == null || exemplars.isEmpty()) {
            throw new InvalidInputException("no exemplars given: ASFFNet needs at least one high-quality photo "
                    + "of the same person with its 68 landmarks");
        }
        List<Canonical> out = new ArrayList<>(exemplars.size());
        for (int k = 0; k < exemplars.size(); k++) {
            Exemplar e = exemplars.get(k);
            if (e == null) {
                throw new InvalidInputException("exemplar " + k + " is null");
            }
            Canonical c = alignedCache.get(new IdentityKey(e));
            if (c == null) {
                c = canonical(e, network.size(), "exemplar " + k);
                alignedCache.put(new IdentityKey(e), c);
            }
            out.add(c);
        }
        return out;
    }

    /** Identity (not value) key: value equality of images would cost a full pixel comparison. */
    private record IdentityKey(Exemplar exemplar) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.exemplar == exemplar;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(exemplar);
        }
    }

    /** A canonical crop and the 2x3 map from crop pixels to the caller's input pixels. */
    record Canonical(AlignedFace face, double[] cropToInput) {
    }

    /**
     * Aligns a face to the canonical frame at size {@code s}. When the face is smaller than the crop, the
     * region around it is first upsampled with bicubic interpolation (as the training pipeline upsamples
     * degraded inputs), so the aligner only ever resamples near 1:1 or downsamples.
     */
    static Canonical canonical(Exemplar face, int s, String what) {
        FaceImage img = face.image();
        Landmarks l = face.landmarks();
        checkOnImage(l, img, what);
        SimilarityTransform cropToPhoto = FaceAligner.cropToPhoto(l, s);
        double photoPerCrop = cropToPhoto.scale();
        if (img.width() == s && img.height() == s && Math.abs(cropToPhoto.a() - 1) < 1e-6
                && Math.abs(cropToPhoto.b()) < 1e-6 && Math.abs(cropToPhoto.tx()) < 1e-4
                && Math.abs(cropToPhoto.ty()) < 1e-4) {
            // already the canonical crop (e.g. made by FaceAligner): resampling would only blur it
            SimilarityTransform identity = new SimilarityTransform(1, 0, 0, 0);
            return new Canonical(new AlignedFace(img, l, identity), new double[] {1, 0, 0, 0, 1, 0});
        }
        if (photoPerCrop >= 0.95) {
            AlignedFace a = FaceAligner.align(img, l, s);
            return new Canonical(a, affine(a.cropToPhoto(), 1.0, 1.0, 0, 0));
        }
        double[] xs = new double[4];
        double[] ys = new double[4];
        double[][] corners = {{0, 0}, {s - 1, 0}, {0, s - 1}, {s - 1, s - 1}};
        for (int i = 0; i < 4; i++) {
            xs[i] = cropToPhoto.applyX(corners[i][0], corners[i][1]);
            ys[i] = cropToPhoto.applyY(corners[i][0], corners[i][1]);
        }
        int x0 = clamp((int) Math.floor(min(xs)) - 2, 0, img.width() - 1);
        int y0 = clamp((int) Math.floor(min(ys)) - 2, 0, img.height() - 1);
        int x1 = clamp((int) Math.ceil(max(xs)) + 2, x0, img.width() - 1);
        int y1 = clamp((int) Math.ceil(max(ys)) + 2, y0, img.height() - 1);
        FaceImage sub = crop(img, x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        double f = 1.0 / photoPerCrop;
        int nw = Math.max(1, (int) Math.round(sub.width() * f));
        int nh = Math.max(1, (int) Math.round(sub.height() * f));
        double fx = (double) nw / sub.width();
        double fy = (double) nh / sub.height();
        FaceImage up = BicubicResize.resize(sub, nw, nh);
        Landmarks lu = l.transformed(fx, 0, (0.5 - x0) * fx - 0.5, 0, fy, (0.5 - y0) * fy - 0.5);
        AlignedFace a = FaceAligner.align(up, lu, s);
        return new Canonical(a, affine(a.cropToPhoto(), fx, fy, x0, y0));
    }

    /** crop -> upsampled sub-image (t) -> sub-image -> input: x_in = (x_up + 0.5)/fx - 0.5 + x0. */
    private static double[] affine(SimilarityTransform t, double fx, double fy, int x0, int y0) {
        return new double[] {t.a() / fx, -t.b() / fx, (t.tx() + 0.5) / fx - 0.5 + x0,
            t.b() / fy, t.a() / fy, (t.ty() + 0.5) / fy - 0.5 + y0};
    }

    private static void checkOnImage(Landmarks l, FaceImage img, String what) {
        int inside = 0;
        double mx = 0.1 * img.width();
        double my = 0.1 * img.height();
        for (int i = 0; i < Landmarks.COUNT; i++) {
            if (l.x(i) >= -mx && l.x(i) <= img.width() - 1 + mx && l.y(i) >= -my && l.y(i) <= img.height() - 1 + my) {
                inside++;
            }
        }
        if (inside < Landmarks.COUNT / 2) {
            throw new InvalidLandmarksException("landmarks of " + what + " lie mostly outside its "
                    + img.width() + "x" + img.height() + " image (" + inside + " of 68 inside): were they computed "
                    + "for another image or another scale?");
        }
    }

    private static FaceImage crop(FaceImage img, int x0, int y0, int w, int h) {
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = img.get(c, x0 + x, y0 + y);
                }
            }
        }
        return FaceImage.of(w, h, out);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double min(double[] v) {
        double m = v[0];
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void close() {
        try {
            network.close();
        } finally {
            if (landmarkDetector != null) {
                landmarkDetector.close();
            }
        }
    }
}
