package dev.asffnet.geometry.crop;

import dev.asffnet.api.Affine2D;
import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.Checks;
import dev.asffnet.geometry.image.BicubicResize;
import dev.asffnet.geometry.image.GaussianBlur;

/**
 * The canonical face crop of conventions.md (FFHQ framing) and its inverse, paste-back. From the landmarks,
 * {@code x} and {@code y} half-axes and centre {@code c} are derived; output pixel {@code (u, v)} samples the
 * photo at {@code c + ((u - (S-1)/2) / (S/2)) x + ((v - (S-1)/2) / (S/2)) y} (bilinear, edge-replicated,
 * after a Gaussian pre-blur of sigma {@code 0.5 (scale - 1)} photo pixels when one output pixel spans
 * {@code scale > 1} photo pixels; kernel radius {@code ceil(3 sigma)}, edge-replicated).
 */
public final class FaceAligner {
    private FaceAligner() {
    }

    /**
     * The {@code size x size} canonical crop of the face with these landmarks.
     *
     * @param photo the photo
     * @param landmarks the face's 68 landmarks in photo pixels
     * @param size the crop's width and height in pixels
     * @return the crop, its landmarks and the photo-to-crop similarity
     * @throws DegenerateLandmarksException if the eye centres coincide (no orientation)
     * @throws InvalidInputException if the photo is null or {@code size} is not positive
     */
    public static AlignedFace align(FaceImage photo, Landmarks landmarks, int size) {
        if (photo == null) {
            throw new InvalidInputException("photo is null");
        }
        Checks.landmarks(landmarks, "face");
        if (size <= 0) {
            throw new InvalidInputException("crop size must be positive, got " + size);
        }
        SimilarityTransform cropToPhoto = cropToPhoto(landmarks, size);
        double scale = cropToPhoto.scale();
        int pw = photo.width();
        int ph = photo.height();
        // photo region the crop reads from (plus the blur radius and one pixel for bilinear)
        double sigma = scale > 1 ? 0.5 * (scale - 1) : 0;
        int radius = sigma > 0 ? (int) Math.ceil(3 * sigma) : 0;
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int cu = 0; cu <= 1; cu++) {
            for (int cv = 0; cv <= 1; cv++) {
                double px = cropToPhoto.applyX(cu * (size - 1), cv * (size - 1));
                double py = cropToPhoto.applyY(cu * (size - 1), cv * (size - 1));
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
            }
        }
        int x0 = clamp((int) Math.floor(minX) - 1, 0, pw - 1);
        int x1 = clamp((int) Math.ceil(maxX) + 1, 0, pw - 1);
        int y0 = clamp((int) Math.floor(minY) - 1, 0, ph - 1);
        int y1 = clamp((int) Math.ceil(maxY) + 1, 0, ph - 1);
        int rw = x1 - x0 + 1;
        int rh = y1 - y0 + 1;
        // read only the region (plus the blur margin) instead of copying the whole photo
        int ex0 = Math.max(0, x0 - radius);
        int ey0 = Math.max(0, y0 - radius);
        int ew = Math.min(pw - 1, x1 + radius) - ex0 + 1;
        int eh = Math.min(ph - 1, y1 + radius) - ey0 + 1;
        float[] window = new float[3 * ew * eh];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < eh; y++) {
                for (int x = 0; x < ew; x++) {
                    window[(c * eh + y) * ew + x] = photo.get(c, ex0 + x, ey0 + y);
                }
            }
        }
        // clamping inside the window equals edge replication of the photo: the window reaches the photo's
        // border wherever the blur would need pixels beyond it; without blur the window is the region
        float[] region = radius > 0
                ? GaussianBlur.blurRegion(window, ew, eh, x0 - ex0, y0 - ey0, rw, rh, sigma, radius)
                : window;
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                // clamp to the photo (edge replicate); the clamped position lies inside the region
                double sx = clamp(cropToPhoto.applyX(u, v), 0, pw - 1) - x0;
                double sy = clamp(cropToPhoto.applyY(u, v), 0, ph - 1) - y0;
                sx = clamp(sx, 0, rw - 1);
                sy = clamp(sy, 0, rh - 1);
                for (int c = 0; c < 3; c++) {
                    out[c * plane + v * size + u] = bilinearClamped(region, c * rw * rh, rw, rh, sx, sy);
                }
            }
        }
        SimilarityTransform photoToCrop = cropToPhoto.inverse();
        return new AlignedFace(FaceImage.of(size, size, out), photoToCrop.apply(landmarks), photoToCrop);
    }

    /**
     * Blends a (restored) crop back into the photo, sampling the crop with the Keys bicubic kernel
     * ({@link BicubicResize#sample}; bilinear would blur it at about 1:1): photo pixels whose crop position lies inside the crop get
     * {@code m * crop + (1 - m) * photo}, with a feathered mask m rising smoothly from 0 at the crop border
     * to 1 at {@code S/16} crop pixels inside it. Crop borders that lie on or outside the photo's border are
     * not feathered, so a crop that covers the whole photo replaces it entirely.
     *
     * @param photo the photo
     * @param restoredCrop the crop to blend in
     * @param cropToPhoto where crop pixels lie in the photo (e.g. {@code RestoreResult.cropToInput()})
     * @return a new photo of the same size
     */
    public static FaceImage pasteBack(FaceImage photo, FaceImage restoredCrop, Affine2D cropToPhoto) {
        if (photo == null || restoredCrop == null || cropToPhoto == null) {
            throw new InvalidInputException("pasteBack needs a photo, a crop and the cropToPhoto transform");
        }
        Affine2D photoToCrop = cropToPhoto.inverse();
        int pw = photo.width();
        int ph = photo.height();
        int cw = restoredCrop.width();
        int ch = restoredCrop.height();
        double feather = Math.max(1.0, Math.min(cw, ch) / 16.0);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int cu = 0; cu <= 1; cu++) {
            for (int cv = 0; cv <= 1; cv++) {
                double u = cu * cw - 0.5;
                double v = cv * ch - 0.5;
                minX = Math.min(minX, cropToPhoto.applyX(u, v));
                maxX = Math.max(maxX, cropToPhoto.applyX(u, v));
                minY = Math.min(minY, cropToPhoto.applyY(u, v));
                maxY = Math.max(maxY, cropToPhoto.applyY(u, v));
            }
        }
        // crop edges u = -0.5, u = cw - 0.5, v = -0.5, v = ch - 0.5: feathered unless on or outside the photo
        boolean[] feathered = {
            insidePhoto(cropToPhoto, -0.5, -0.5, -0.5, ch - 0.5, pw, ph),
            insidePhoto(cropToPhoto, cw - 0.5, -0.5, cw - 0.5, ch - 0.5, pw, ph),
            insidePhoto(cropToPhoto, -0.5, -0.5, cw - 0.5, -0.5, pw, ph),
            insidePhoto(cropToPhoto, -0.5, ch - 0.5, cw - 0.5, ch - 0.5, pw, ph)};
        float[] out = photo.toArray();
        float[] crop = restoredCrop.toArray();
        int pplane = pw * ph;
        int xs = clamp((int) Math.floor(minX), 0, pw - 1);
        int xe = clamp((int) Math.ceil(maxX), 0, pw - 1);
        int ys = clamp((int) Math.floor(minY), 0, ph - 1);
        int ye = clamp((int) Math.ceil(maxY), 0, ph - 1);
        float[] px = new float[3];
        for (int y = ys; y <= ye; y++) {
            for (int x = xs; x <= xe; x++) {
                double u = photoToCrop.applyX(x, y);
                double v = photoToCrop.applyY(x, y);
                double d = Double.POSITIVE_INFINITY;
                if (feathered[0]) {
                    d = Math.min(d, u + 0.5);
                }
                if (feathered[1]) {
                    d = Math.min(d, cw - 0.5 - u);
                }
                if (feathered[2]) {
                    d = Math.min(d, v + 0.5);
                }
                if (feathered[3]) {
                    d = Math.min(d, ch - 0.5 - v);
                }
                if (u <= -0.5 || v <= -0.5 || u >= cw - 0.5 || v >= ch - 0.5) {
                    continue;
                }
                if (d <= 0) {
                    continue;
                }
                double t = Math.min(1.0, d / feather);
                double m = t * t * (3 - 2 * t);
                BicubicResize.sampleAll(crop, 3, cw, ch, clamp(u, 0, cw - 1), clamp(v, 0, ch - 1), px);
                for (int c = 0; c < 3; c++) {
                    int i = c * pplane + y * pw + x;
                    out[i] = (float) (m * px[c] + (1 - m) * out[i]);
                }
            }
        }
        return FaceImage.of(pw, ph, out);
    }

    /** Whether the crop edge from (u0,v0) to (u1,v1) runs inside the photo rather than on or beyond its border. */
    private static boolean insidePhoto(Affine2D cropToPhoto, double u0, double v0, double u1, double v1, int pw,
            int ph) {
        double eps = 1e-6;
        double x0 = cropToPhoto.applyX(u0, v0);
        double y0 = cropToPhoto.applyY(u0, v0);
        double x1 = cropToPhoto.applyX(u1, v1);
        double y1 = cropToPhoto.applyY(u1, v1);
        boolean left = x0 <= -0.5 + eps && x1 <= -0.5 + eps;
        boolean right = x0 >= pw - 0.5 - eps && x1 >= pw - 0.5 - eps;
        boolean top = y0 <= -0.5 + eps && y1 <= -0.5 + eps;
        boolean bottom = y0 >= ph - 0.5 - eps && y1 >= ph - 0.5 - eps;
        return !(left || right || top || bottom);
    }

    /**
     * The crop-to-photo similarity of conventions.md for a {@code size} crop.
     *
     * @param l the face's landmarks in photo pixels
     * @param size the crop's width and height in pixels
     * @return the similarity from crop pixels to photo pixels
     * @throws DegenerateLandmarksException if the eye centres coincide or the frame has zero size
     */
    public static SimilarityTransform cropToPhoto(Landmarks l, int size) {
        Checks.landmarks(l, "face");
        double elx = 0, ely = 0, erx = 0, ery = 0;
        for (int i = 0; i < 6; i++) {
            elx += l.x(36 + i);
            ely += l.y(36 + i);
            erx += l.x(42 + i);
            ery += l.y(42 + i);
        }
        elx /= 6;
        ely /= 6;
        erx /= 6;
        ery /= 6;
        double eax = (elx + erx) / 2;
        double eay = (ely + ery) / 2;
        double eex = erx - elx;
        double eey = ery - ely;
        double emx = (l.x(48) + l.x(54)) / 2 - eax;
        double emy = (l.y(48) + l.y(54)) / 2 - eay;
        double eyeDist = Math.hypot(eex, eey);
        if (!(eyeDist > 1e-9 * Math.max(1.0, Math.hypot(emx, emy)))) {
            throw new DegenerateLandmarksException("eye centres coincide (mean of landmarks 36-41 equals mean of"
                    + " 42-47): the face has no orientation for the canonical crop");
        }
        double xx = eex + emy;
        double xy = eey - emx;
        double xn = Math.hypot(xx, xy);
        if (!(xn > 0)) {
            throw new DegenerateLandmarksException("eye-to-eye and eye-to-mouth vectors cancel: no crop frame");
        }
        double len = Math.max(2.0 * eyeDist, 1.8 * Math.hypot(emx, emy));
        xx = xx / xn * len;
        xy = xy / xn * len;
        double cx = eax + 0.1 * emx;
        double cy = eay + 0.1 * emy;
        double half = size / 2.0;
        double h = (size - 1) / 2.0;
        double a = xx / half;
        double b = xy / half;
        return new SimilarityTransform(a, b, cx - a * h + b * h, cy - b * h - a * h);
    }

    private static float bilinearClamped(float[] img, int off, int w, int h, double x, double y) {
        int x0 = Math.min((int) x, w - 1);
        int y0 = Math.min((int) y, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = img[off + y0 * w + x0] * (1 - fx) + img[off + y0 * w + x1] * fx;
        double bot = img[off + y1 * w + x0] * (1 - fx) + img[off + y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bot * fy);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
