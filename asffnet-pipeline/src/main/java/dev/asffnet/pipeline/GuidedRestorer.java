package dev.asffnet.pipeline;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.asffnet.api.Affine2D;
import dev.asffnet.api.Aligner;
import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.CloseGuard;
import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.InvalidLandmarksException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Selection;
import dev.asffnet.api.WarpField;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.crop.LandmarkMap;
import dev.asffnet.geometry.crop.SimilarityTransform;
import dev.asffnet.geometry.image.BicubicResize;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.mls.MlsWarpField;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ASFFNet restoration pipeline around an engine's network: canonical alignment of the degraded face
 * and the exemplars (bicubic pre-upsampling of small faces, as in training), guidance selection (Eqn 2, by
 * the {@link GuidanceSelector} given), the warp grid of the {@link Aligner} given (Eqn 5) and the landmark
 * map, batched network inference, clamping; and the photo-level loop (find every face, restore it, paste
 * it back). Thread-safe: the only mutable state is a bounded cache of aligned exemplars. {@link #close()}
 * may be called at any time: restores in flight finish, later calls throw
 * {@link dev.asffnet.api.RestorerClosedException}; closing twice does nothing.
 */
public final class GuidedRestorer implements Restorer {
    private static final System.Logger LOG = System.getLogger(GuidedRestorer.class.getName());
    /** Faces smaller than this (box side, pixels) are not restored by {@link #restorePhoto}. */
    static final int MIN_FACE = 16;
    /** Fewest image pixels the canonical crop of a face may span (upsampling beyond is meaningless). */
    static final int MIN_CROP_SPAN = 16;
    /** Faces up to this many image pixels per crop pixel are aligned directly; larger ones are first reduced. */
    static final double MAX_DIRECT_SCALE = 2.0;
    static final int REFINE_PASSES = 1;
    /**
     * A crop of the network's size whose face lies within this of the canonical framing (crop-to-face
     * similarity {@code a = s cos t} within 1 +- this, {@code b = s sin t} within +- this, shift within this
     * times the size: about 5% in scale, 3 degrees, 6 px at 128) is restored as it is, in its own pixels:
     * aligning it would resample it and the result would be resampled and feathered back, which cost 0.08 dB
     * at x4 and 0.12 dB at x8 with detected landmarks (docs/notes.md, with the command).
     */
    static final double NEAR_CANONICAL = 0.05;

    private final AsffnetNetwork network;
    private final GuidanceSelector selector;
    private final Aligner aligner;
    private final FaceDetector faceDetector;
    private final LandmarkDetector landmarkDetector;
    private final String backend;
    private final int batchSize;
    /** close() waits for restores in flight; later calls throw RestorerClosedException on every backend. */
    private final CloseGuard guard;
    private final LandmarkMapDrawer landmarkMap;
    /** The network for large faces, or null; {@link #large} is its restorer once opened. */
    private final LargeFaceModel largeModel;
    private GuidedRestorer large;
    /** Recently aligned exemplars by object identity (weak keys compare by identity; exemplars are
     * immutable), so frame sequences and repeated calls with one exemplar list align each exemplar once. */
    private final Cache<Exemplar, Canonical> alignedCache =
            CacheBuilder.newBuilder().weakKeys().maximumSize(64).build();

    /**
     * @param network the engine's network; closed with this restorer
     * @param selector guidance selection (Eqn 2)
     * @param aligner the warp of guidance features onto the degraded face (Eqn 5), called with landmarks
     *     in feature pixels ({@code xf = (x + 0.5) / 4 - 0.5}) and the feature grid's size
     * @param faceDetector finds faces for {@link #restorePhoto}, or null; closed with this restorer
     * @param landmarkDetector landmarks for {@link #restore(FaceImage, List)} and {@link #restorePhoto},
     *     or null; closed with this restorer
     * @param backend backend name reported by {@link #backend()}
     * @param batchSize faces per network call in {@link #restoreAll}
     */
    public GuidedRestorer(AsffnetNetwork network, GuidanceSelector selector, Aligner aligner,
            FaceDetector faceDetector, LandmarkDetector landmarkDetector, String backend, int batchSize) {
        this(network, selector, aligner, (l, s) -> LandmarkMap.draw(l, s, s), faceDetector, landmarkDetector,
                backend, batchSize);
    }

    /**
     * As the constructor above, for a model with another landmark-map input.
     *
     * @param network the engine's network; closed with this restorer
     * @param selector guidance selection (Eqn 2)
     * @param aligner the warp of guidance features onto the degraded face (Eqn 5), called with landmarks
     *     in feature pixels ({@code xf = (x + 0.5) / 4 - 0.5}) and the feature grid's size
     * @param landmarkMap draws the landmark map from the degraded crop's landmarks
     * @param faceDetector finds faces for {@link #restorePhoto}, or null; closed with this restorer
     * @param landmarkDetector landmarks for {@link #restore(FaceImage, List)} and {@link #restorePhoto},
     *     or null; closed with this restorer
     * @param backend backend name reported by {@link #backend()}
     * @param batchSize faces per network call in {@link #restoreAll}
     * @throws InvalidInputException if {@code batchSize < 1}
     */
    public GuidedRestorer(AsffnetNetwork network, GuidanceSelector selector, Aligner aligner,
            LandmarkMapDrawer landmarkMap, FaceDetector faceDetector, LandmarkDetector landmarkDetector,
            String backend, int batchSize) {
        this(network, selector, aligner, landmarkMap, faceDetector, landmarkDetector, backend, batchSize, null);
    }

    /**
     * As the constructor above, with a second network for large faces.
     *
     * @param network the engine's network; closed with this restorer
     * @param selector guidance selection (Eqn 2)
     * @param aligner the warp of guidance features onto the degraded face (Eqn 5)
     * @param landmarkMap draws the landmark map from the degraded crop's landmarks
     * @param faceDetector finds faces for {@link #restorePhoto}, or null; closed with this restorer
     * @param landmarkDetector landmarks for {@link #restore(FaceImage, List)} and {@link #restorePhoto}, or null
     * @param backend backend name reported by {@link #backend()}
     * @param batchSize faces per network call in {@link #restoreAll}
     * @param largeModel restores the faces whose canonical crop spans at least its size in photo pixels
     *     (opened on first use, closed with this restorer), or null: every face at {@code network}'s size
     * @throws InvalidInputException if {@code batchSize < 1} or {@code largeModel} is not larger than the network
     */
    public GuidedRestorer(AsffnetNetwork network, GuidanceSelector selector, Aligner aligner,
            LandmarkMapDrawer landmarkMap, FaceDetector faceDetector, LandmarkDetector landmarkDetector,
            String backend, int batchSize, LargeFaceModel largeModel) {
        this.largeModel = largeModel;
        this.landmarkMap = Objects.requireNonNull(landmarkMap, "landmarkMap");
        this.network = Objects.requireNonNull(network, "network");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.aligner = Objects.requireNonNull(aligner, "aligner");
        this.faceDetector = faceDetector;
        this.landmarkDetector = landmarkDetector;
        this.backend = backend;
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        if (largeModel != null && largeModel.size() <= network.size()) {
            throw new InvalidInputException("the large-face model (" + largeModel.size() + ") must be larger than the"
                    + " network (" + network.size() + ")");
        }
        this.guard = new CloseGuard("ASFFNet restorer (" + backend + ")");
    }

    /**
     * The restorer an engine's provider builds: the options' selector and aligner, or the defaults (weighted
     * affine distance with the options' landmark weights file or uniform weights; MLS over all 68 points).
     *
     * @param network the engine's network; closed with the restorer, also when this method fails
     * @param options the user's options
     * @param faceDetector the face front end's detector, or null
     * @param landmarkDetector the face front end's landmark net, or null
     * @param backend the engine's name
     * @param batchSize faces per network call
     * @return the restorer
     * @throws ModelLoadException if the landmark weights file is missing or malformed
     */
    public static GuidedRestorer create(AsffnetNetwork network, RestorerOptions options, FaceDetector faceDetector,
            LandmarkDetector landmarkDetector, String backend, int batchSize) {
        return create(network, options, faceDetector, landmarkDetector, backend, batchSize, null);
    }

    /**
     * As {@link #create(AsffnetNetwork, RestorerOptions, FaceDetector, LandmarkDetector, String, int)}, with
     * a network for large faces.
     *
     * @param network the engine's network; closed with the restorer, also when this method fails
     * @param options the user's options
     * @param faceDetector the face front end's detector, or null
     * @param landmarkDetector the face front end's landmark net, or null
     * @param backend the engine's name
     * @param batchSize faces per network call
     * @param largeModel the network for large faces, or null
     * @return the restorer
     * @throws ModelLoadException if the landmark weights file is missing or malformed
     */
    public static GuidedRestorer create(AsffnetNetwork network, RestorerOptions options, FaceDetector faceDetector,
            LandmarkDetector landmarkDetector, String backend, int batchSize, LargeFaceModel largeModel) {
        try {
            GuidanceSelector sel = options.selector().orElseGet(() -> new AffineDistanceSelector(weights(options)));
            Aligner al = options.aligner().orElseGet(MlsAligner::new);
            return new GuidedRestorer(network, sel, al, (l, s) -> LandmarkMap.draw(l, s, s), faceDetector,
                    landmarkDetector, backend, batchSize, largeModel);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** The landmark weights of the options' file, or uniform weights (Eqn 2 with w_m = 1). */
    static LandmarkWeights weights(RestorerOptions options) {
        if (options.landmarkWeightsFile().isEmpty()) {
            return LandmarkWeights.uniform();
        }
        var file = options.landmarkWeightsFile().get();
        try {
            return LandmarkWeights.load(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot read landmark weights file " + file + ": " + e.getMessage(), e);
        }
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
        return guard.call(() -> restoreFace(degraded, exemplars));
    }

    private RestoreResult restoreFace(FaceImage degraded, List<Exemplar> exemplars) {
        if (landmarkDetector == null) {
            return Restorer.super.restore(degraded, exemplars);
        }
        if (degraded == null) {
            throw new InvalidInputException("degraded image is null");
        }
        return restore(new Exemplar(degraded, landmarkDetector.detect(degraded)), exemplars);
    }

    @Override
    public PhotoResult restorePhoto(FaceImage photo, List<Exemplar> exemplars) {
        return guard.call(() -> restoreFaces(photo, null, exemplars));
    }

    @Override
    public PhotoResult restorePhoto(FaceImage photo, List<FaceBox> faces, List<Exemplar> exemplars) {
        if (faces == null) {
            throw new InvalidInputException("the face box list is null; pass List.of() to use the whole image");
        }
        for (int i = 0; i < faces.size(); i++) {
            if (faces.get(i) == null) {
                throw new InvalidInputException("face box " + i + " is null");
            }
        }
        List<FaceBox> given = List.copyOf(faces);
        return guard.call(() -> restoreFaces(photo, given, exemplars));
    }

    /** The photo-level loop in {@code given} boxes, or (null) in those of the face detector. */
    private PhotoResult restoreFaces(FaceImage photo, List<FaceBox> given, List<Exemplar> exemplars) {
        if (landmarkDetector == null || (given == null && faceDetector == null)) {
            return given == null ? Restorer.super.restorePhoto(photo, exemplars)
                    : Restorer.super.restorePhoto(photo, given, exemplars);
        }
        if (photo == null) {
            throw new InvalidInputException("photo is null");
        }
        alignExemplars(exemplars);                 // bad exemplars fail before any detection work
        List<FaceBox> boxes = new ArrayList<>();
        List<Exemplar> faces = new ArrayList<>();
        for (FaceBox box : given != null ? given : faceDetector.detect(photo)) {
            if (Math.min(box.width(), box.height()) >= MIN_FACE) {
                try {
                    Landmarks l = landmarkDetector.detect(photo, box);
                    boxes.add(box);
                    faces.add(new Exemplar(photo, l));
                } catch (NoFaceFoundException e) {            // a false detection: leave that region alone
                    LOG.log(System.Logger.Level.WARNING, "skipping a detected face: " + e.getMessage());
                }
            }
        }
        if (faces.isEmpty()) {     // a face that fills the frame, or too degraded to detect: the image is the box
            FaceBox whole = new FaceBox(0, 0, photo.width(), photo.height(), 0);
            Landmarks l = landmarkDetector.detect(photo, whole);
            boxes.add(new FaceBox(0, 0, photo.width(), photo.height(), landmarkDetector.confidence(photo, whole, l)));
            faces.add(new Exemplar(photo, l));
        }
        List<RestoreResult> results = restoreAll(faces, exemplars);
        for (int pass = 0; pass < REFINE_PASSES; pass++) {
            // landmarks found again on the restored face, which is sharper than the degraded input, then
            // restored once more from the original photo with them
            FaceImage pass1 = photo;
            for (RestoreResult r : results) {
                pass1 = FaceAligner.pasteBack(pass1, r.restored(), r.cropToInput());
            }
            List<Exemplar> again = new ArrayList<>(faces.size());
            for (int i = 0; i < faces.size(); i++) {
                Landmarks l;
                try {
                    FaceBox b = boxes.get(i);
                    boolean whole = b.x() == 0 && b.y() == 0 && b.width() == photo.width() && b.height() == photo.height();
                    l = landmarkDetector.detect(pass1, whole ? new FaceBox(0, 0, b.width(), b.height(), 0) : b);
                } catch (NoFaceFoundException e) {
                    l = faces.get(i).landmarks();
                }
                again.add(new Exemplar(photo, l));
            }
            faces = again;
            results = restoreAll(faces, exemplars);
        }
        FaceImage out = photo;
        List<FaceReport> reports = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            RestoreResult r = results.get(i);
            out = FaceAligner.pasteBack(out, r.restored(), r.cropToInput());
            reports.add(new FaceReport(boxes.get(i), faces.get(i).landmarks(), r));
        }
        return new PhotoResult(out, reports);
    }

    @Override
    public List<RestoreResult> restoreAll(List<Exemplar> degraded, List<Exemplar> exemplars) {
        return guard.call(() -> restoreBatches(degraded, exemplars));
    }

    private List<RestoreResult> restoreBatches(List<Exemplar> degraded, List<Exemplar> exemplars) {
        if (degraded == null || degraded.isEmpty()) {
            throw new InvalidInputException("no degraded faces given");
        }
        for (int i = 0; i < degraded.size(); i++) {
            if (degraded.get(i) == null) {
                throw new InvalidInputException("degraded face " + i + " is null");
            }
        }
        if (largeModel == null) {
            return restoreAtSize(degraded, exemplars);
        }
        List<Exemplar> small = new ArrayList<>();
        List<Exemplar> big = new ArrayList<>();
        boolean[] isBig = new boolean[degraded.size()];
        for (int i = 0; i < degraded.size(); i++) {
            Exemplar d = degraded.get(i);
            int s = network.size();
            // spans the large size, to the near-canonical tolerance (a 256 crop is a 256 face)
            isBig[i] = checkedCropToPhoto(d, s, d.describe("degraded face " + i)).scale() * s
                    >= largeModel.size() * (1 - NEAR_CANONICAL);
            (isBig[i] ? big : small).add(d);
        }
        if (big.isEmpty()) {
            return restoreAtSize(degraded, exemplars);
        }
        List<RestoreResult> rs = small.isEmpty() ? List.of() : restoreAtSize(small, exemplars);
        List<RestoreResult> rb = large().restoreAtSize(big, exemplars);
        List<RestoreResult> out = new ArrayList<>(degraded.size());
        int si = 0;
        int bi = 0;
        for (boolean b : isBig) {
            out.add(b ? rb.get(bi++) : rs.get(si++));
        }
        return out;
    }

    /** The restorer of the large-face network, opened on first use. */
    private synchronized GuidedRestorer large() {
        if (large == null) {
            AsffnetNetwork net = largeModel.open().get();
            if (net.size() != largeModel.size()) {
                int got = net.size();
                net.close();
                throw new ModelLoadException("the large-face model has size " + got + ", declared " + largeModel.size());
            }
            large = new GuidedRestorer(net, selector, aligner, landmarkMap, null, null, backend, batchSize, null);
        }
        return large;
    }

    /** Restores every face with this restorer's network ({@link #restoreBatches} checked the list). */
    private List<RestoreResult> restoreAtSize(List<Exemplar> degraded, List<Exemplar> exemplars) {
        List<Canonical> guides = alignExemplars(exemplars);
        List<Landmarks> guideLandmarks = guides.stream().map(c -> c.face().landmarks()).toList();
        int s = network.size();
        int plane = s * s;
        int g = s / MlsAligner.FEATURE_FACTOR;
        if (g * MlsAligner.FEATURE_FACTOR != s) {
            throw new AsffnetException("network size " + s + " is not a multiple of " + MlsAligner.FEATURE_FACTOR);
        }
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
                Canonical d = canonical(degraded.get(start + i), s,
                        degraded.get(start + i).describe("degraded face " + (start + i)));
                Selection sel = selector.select(d.face().landmarks(), guideLandmarks);
                AlignedFace guide = guides.get(sel.index()).face();
                d.face().crop().copyTo(deg, i * 3 * plane);
                guide.crop().copyTo(gui, i * 3 * plane);
                float[] gr = warpGrid(d.face().landmarks(), guide.landmarks(), g);
                System.arraycopy(gr, 0, grid, i * gr.length, gr.length);
                float[] m = landmarkMap.draw(d.face().landmarks(), s);
                System.arraycopy(m, 0, lmap, i * plane, plane);
                faces[i] = d;
                selections[i] = sel;
            }
            float[] out = network.forward(new EngineInput(n, s, deg, gui, grid, lmap));
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
                throw new InvalidInputException("exemplar " + k + " of " + exemplars.size() + " is null");
            }
            Canonical c = alignedCache.getIfPresent(e);
            if (c == null) {
                c = canonical(e, network.size(), e.describe("exemplar " + k));
                alignedCache.put(e, c);
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The normalised warp grid (Eqn 5, conventions.md) of the aligner for canonical-crop landmarks: both
     * sets mapped to feature pixels, {@code xf = (x + 0.5) / 4 - 0.5}, on a {@code g x g} grid.
     */
    private float[] warpGrid(Landmarks degraded, Landmarks guidance, int g) {
        double f = 1.0 / MlsAligner.FEATURE_FACTOR;
        double o = 0.5 * f - 0.5;
        WarpField w = aligner.align(degraded.transformed(f, 0, o, 0, f, o), guidance.transformed(f, 0, o, 0, f, o), g, g);
        if (w == null || w.width() != g || w.height() != g) {
            throw new AsffnetException("aligner " + aligner.getClass().getName() + " returned "
                    + (w == null ? "null" : w.width() + "x" + w.height()) + ", expected a " + g + "x" + g + " field");
        }
        return MlsWarpField.normalizedGrid(w);
    }

    /** A canonical crop and the map from crop pixels to the caller's input pixels. */
    record Canonical(AlignedFace face, Affine2D cropToInput) {
    }

    /**
     * Aligns a face to the canonical frame at size {@code s}. When the face is smaller than the crop, the
     * region around it is first upsampled with bicubic interpolation (as the training pipeline upsamples
     * degraded inputs); when it is more than {@value #MAX_DIRECT_SCALE} times larger (a big exemplar photo),
     * only the region around it is downsampled with the antialiasing bicubic filter. Either way the aligner
     * resamples near 1:1 and never touches the rest of the photo.
     *
     * @throws InvalidLandmarksException if the crop would span fewer than {@value #MIN_CROP_SPAN} image pixels
     */
    static Canonical canonical(Exemplar face, int s, String what) {
        FaceImage img = face.image();
        Landmarks l = face.landmarks();
        SimilarityTransform cropToPhoto = checkedCropToPhoto(face, s, what);
        double photoPerCrop = cropToPhoto.scale();
        if (isNearCanonical(img, cropToPhoto, s)) {
            // already (about) the canonical crop, e.g. made by FaceAligner: resampling would only blur it
            SimilarityTransform identity = new SimilarityTransform(1, 0, 0, 0);
            return new Canonical(new AlignedFace(img, l, identity), Affine2D.IDENTITY);
        }
        if (photoPerCrop >= 0.95 && photoPerCrop <= MAX_DIRECT_SCALE) {
            AlignedFace a = FaceAligner.align(img, l, s);
            return new Canonical(a, affine(a.cropToPhoto(), 1.0, 1.0, 0, 0));
        }
        Region r = resampledRegion(img, l, cropToPhoto, s);
        AlignedFace a = FaceAligner.align(r.image(), r.landmarks(), s);
        return new Canonical(a, affine(a.cropToPhoto(), r.fx(), r.fy(), r.x0(), r.y0()));
    }

    /**
     * {@inheritDoc} Here: the region of the photo that {@link #canonical} reads for the largest crop size
     * (the large-face model's when there is one), resampled to about one image pixel per crop pixel when the
     * face is much larger or smaller than the crop, cut out with the pre-blur margin otherwise; at most
     * {@code 4 x 4} crop sizes. At that size, restoring with the prepared exemplar gives the result of the
     * original to float rounding; a smaller crop is then resampled from the prepared region.
     */
    @Override
    public Exemplar prepare(Exemplar exemplar) {
        return guard.call(() -> prepareExemplar(exemplar, largestSize()));
    }

    /**
     * {@inheritDoc} Here: the region for the largest crop size (the large-face model's when there is one), by
     * version 2 of the method.
     */
    @Override
    public java.util.Optional<String> preparationId() {
        return java.util.Optional.of("asffnet-region-v2-crop" + largestSize());
    }

    private int largestSize() {
        return largeModel == null ? network.size() : largeModel.size();
    }

    static Exemplar prepareExemplar(Exemplar exemplar, int s) {
        if (exemplar == null) {
            throw new InvalidInputException("exemplar is null");
        }
        FaceImage img = exemplar.image();
        Landmarks l = exemplar.landmarks();
        SimilarityTransform cropToPhoto = checkedCropToPhoto(exemplar, s, exemplar.describe("exemplar"));
        double photoPerCrop = cropToPhoto.scale();
        if (isNearCanonical(img, cropToPhoto, s)) {
            return exemplar;
        }
        if (photoPerCrop >= 0.95 && photoPerCrop <= MAX_DIRECT_SCALE) {
            int[] b = cornerBounds(img, cropToPhoto, s, DIRECT_MARGIN);
            int w = b[2] - b[0] + 1;
            int h = b[3] - b[1] + 1;
            if (w == img.width() && h == img.height()) {
                return exemplar;
            }
            return new Exemplar(FaceImage.of(w, h, crop(img, b[0], b[1], w, h)),
                    l.transformed(1, 0, -b[0], 0, 1, -b[1]), exemplar.source());
        }
        Region r = resampledRegion(img, l, cropToPhoto, s);
        return new Exemplar(r.image(), r.landmarks(), exemplar.source());
    }

    /** Margin (image pixels) around the crop's corners that {@link FaceAligner} may read at scale <= 2. */
    private static final int DIRECT_MARGIN = 4;

    /**
     * The landmark checks of {@link #canonical} and the crop-to-photo similarity.
     *
     * @throws InvalidLandmarksException if the landmarks lie off the image or the crop would span fewer than
     *     {@value #MIN_CROP_SPAN} image pixels
     */
    private static SimilarityTransform checkedCropToPhoto(Exemplar face, int s, String what) {
        checkOnImage(face.landmarks(), face.image(), what);
        SimilarityTransform cropToPhoto = FaceAligner.cropToPhoto(face.landmarks(), s);
        double photoPerCrop = cropToPhoto.scale();
        if (!(photoPerCrop * s >= MIN_CROP_SPAN)) {
            throw new InvalidLandmarksException("the face of " + what + " is too small to restore: its canonical crop "
                    + "spans " + String.format(java.util.Locale.ROOT, "%.3g", photoPerCrop * s) + " image pixels, at "
                    + "least " + MIN_CROP_SPAN + " are needed (eye centres about " + MIN_CROP_SPAN / 4 + " pixels apart)"
                    + "; were the landmarks computed for another scale?");
        }
        return cropToPhoto;
    }

    private static boolean isNearCanonical(FaceImage img, SimilarityTransform cropToPhoto, int s) {
        return img.width() == s && img.height() == s && Math.abs(cropToPhoto.a() - 1) < NEAR_CANONICAL
                && Math.abs(cropToPhoto.b()) < NEAR_CANONICAL && Math.abs(cropToPhoto.tx()) < NEAR_CANONICAL * s
                && Math.abs(cropToPhoto.ty()) < NEAR_CANONICAL * s;
    }

    /** {x0, y0, x1, y1}: the image pixels spanned by the crop's corners plus {@code margin}, clamped. */
    private static int[] cornerBounds(FaceImage img, SimilarityTransform cropToPhoto, int s, int margin) {
        double[] xs = new double[4];
        double[] ys = new double[4];
        double[][] corners = {{0, 0}, {s - 1, 0}, {0, s - 1}, {s - 1, s - 1}};
        for (int i = 0; i < 4; i++) {
            xs[i] = cropToPhoto.applyX(corners[i][0], corners[i][1]);
            ys[i] = cropToPhoto.applyY(corners[i][0], corners[i][1]);
        }
        int x0 = clamp((int) Math.floor(min(xs)) - margin, 0, img.width() - 1);
        int y0 = clamp((int) Math.floor(min(ys)) - margin, 0, img.height() - 1);
        int x1 = clamp((int) Math.ceil(max(xs)) + margin, x0, img.width() - 1);
        int y1 = clamp((int) Math.ceil(max(ys)) + margin, y0, img.height() - 1);
        return new int[] {x0, y0, x1, y1};
    }

    /** The region around a face resampled by bicubic interpolation (antialiased when reducing). */
    private record Region(FaceImage image, Landmarks landmarks, double fx, double fy, int x0, int y0) {
    }

    /**
     * The region the crop reads, resampled to about one image pixel per crop pixel (at most {@code 4s} a
     * side), and the landmarks in its pixels.
     */
    private static Region resampledRegion(FaceImage img, Landmarks l, SimilarityTransform cropToPhoto, int s) {
        int[] b = cornerBounds(img, cropToPhoto, s, 2);
        int x0 = b[0];
        int y0 = b[1];
        int sw = b[2] - x0 + 1;
        int sh = b[3] - y0 + 1;
        double f = 1.0 / cropToPhoto.scale();
        int nw = (int) Math.max(1, Math.min(4L * s, Math.round(sw * f)));
        int nh = (int) Math.max(1, Math.min(4L * s, Math.round(sh * f)));
        double fx = (double) nw / sw;
        double fy = (double) nh / sh;
        FaceImage up = FaceImage.of(nw, nh, BicubicResize.resize(crop(img, x0, y0, sw, sh), FaceImage.CHANNELS,
                sw, sh, nw, nh));
        Landmarks lu = l.transformed(fx, 0, (0.5 - x0) * fx - 0.5, 0, fy, (0.5 - y0) * fy - 0.5);
        return new Region(up, lu, fx, fy, x0, y0);
    }

    /** crop -> upsampled sub-image (t) -> sub-image -> input: x_in = (x_up + 0.5)/fx - 0.5 + x0. */
    private static Affine2D affine(SimilarityTransform t, double fx, double fy, int x0, int y0) {
        return new Affine2D(t.a() / fx, -t.b() / fx, (t.tx() + 0.5) / fx - 0.5 + x0,
            t.b() / fy, t.a() / fy, (t.ty() + 0.5) / fy - 0.5 + y0);
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

    /** The CHW data of a {@code w x h} region of {@code img} at {@code (x0, y0)}. */
    private static float[] crop(FaceImage img, int x0, int y0, int w, int h) {
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = img.get(c, x0 + x, y0 + y);
                }
            }
        }
        return out;
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
        guard.close(() -> {
            try {
                try {
                    network.close();
                } finally {
                    synchronized (this) {
                        if (large != null) {
                            large.close();
                        }
                    }
                }
            } finally {
                try {
                    if (landmarkDetector != null) {
                        landmarkDetector.close();
                    }
                } finally {
                    if (faceDetector != null) {
                        faceDetector.close();
                    }
                }
            }
        });
    }
}
