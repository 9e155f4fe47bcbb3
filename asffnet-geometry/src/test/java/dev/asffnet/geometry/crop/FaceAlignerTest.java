package dev.asffnet.geometry.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.DegenerateLandmarksException;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.geometry.TestData;
import dev.asffnet.geometry.image.GaussianBlur;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FaceAlignerTest {
    static LongStream seeds() {
        return TestData.seeds(100);
    }

    /** Face-like landmarks: eyes left/right of the centre, mouth corners below, scaled by s, rotated, placed at (cx, cy). */
    static Landmarks face(Random r, double s, double angle, double cx, double cy) {
        double[] xy = new double[136];
        for (int m = 0; m < 68; m++) {
            double x = 2 * r.nextDouble() - 1, y = 2 * r.nextDouble() - 0.5;
            if (m >= 36 && m < 42) {
                x = -1 + 0.2 * r.nextGaussian();
                y = 0.1 * r.nextGaussian();
            } else if (m >= 42 && m < 48) {
                x = 1 + 0.2 * r.nextGaussian();
                y = 0.1 * r.nextGaussian();
            } else if (m == 48 || m == 54) {
                x = m == 48 ? -0.8 : 0.8;
                y = 2 + 0.1 * r.nextGaussian();
            }
            double c = Math.cos(angle), sn = Math.sin(angle);
            xy[2 * m] = cx + s * (c * x - sn * y);
            xy[2 * m + 1] = cy + s * (sn * x + c * y);
        }
        return Landmarks.of(xy);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void cropLandmarksAreInvariantUnderSimilaritiesOfThePhoto(long seed) {
        Random r = new Random(seed);
        Landmarks l = face(r, 10 + 30 * r.nextDouble(), r.nextDouble() - 0.5, 200, 150);
        double s = 0.3 + 3 * r.nextDouble(), t = 2 * Math.PI * r.nextDouble();
        double a = s * Math.cos(t), b = s * Math.sin(t);
        Landmarks moved = l.transformed(a, -b, 500 * r.nextDouble(), b, a, 500 * r.nextDouble());
        int size = 64 + r.nextInt(200);
        Landmarks c1 = FaceAligner.cropToPhoto(l, size).inverse().apply(l);
        Landmarks c2 = FaceAligner.cropToPhoto(moved, size).inverse().apply(moved);
        for (int m = 0; m < 68; m++) {
            assertEquals(c1.x(m), c2.x(m), 1e-7 * size, "seed " + seed + " landmark " + m);
            assertEquals(c1.y(m), c2.y(m), 1e-7 * size, "seed " + seed + " landmark " + m);
        }
        // the frame centre c = eyeAvg + 0.1 eyeToMouth lands on the crop centre
        SimilarityTransform toCrop = FaceAligner.cropToPhoto(l, size).inverse();
        double ex = 0, ey = 0;
        for (int m = 36; m < 48; m++) {
            ex += l.x(m) / 12;
            ey += l.y(m) / 12;
        }
        double mx = (l.x(48) + l.x(54)) / 2 - ex, my = (l.y(48) + l.y(54)) / 2 - ey;
        assertEquals((size - 1) / 2.0, toCrop.applyX(ex + 0.1 * mx, ey + 0.1 * my), 1e-9 * size, "seed " + seed);
        assertEquals((size - 1) / 2.0, toCrop.applyY(ex + 0.1 * mx, ey + 0.1 * my), 1e-9 * size, "seed " + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void similarityInverseRoundTrips(long seed) {
        Random r = new Random(seed);
        SimilarityTransform t = new SimilarityTransform(r.nextGaussian(), r.nextGaussian(), 100 * r.nextGaussian(), 100 * r.nextGaussian());
        double x = 300 * r.nextGaussian(), y = 300 * r.nextGaussian();
        double[] p = t.inverse().apply(t.applyX(x, y), t.applyY(x, y));
        assertEquals(x, p[0], 1e-9 * (1 + Math.abs(x)) / Math.min(1, t.scale()), "seed " + seed);
        assertEquals(y, p[1], 1e-9 * (1 + Math.abs(y)) / Math.min(1, t.scale()), "seed " + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void cropSamplesTheFramedPhotoPositions(long seed) {
        // a linear ramp is reproduced by bilinear sampling and by the (symmetric) anti-alias blur alike
        Random r = new Random(seed);
        int w = 240, h = 200;
        double ga = r.nextDouble() / w, gb = r.nextDouble() / h;
        float[] chw = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    chw[(c * h + y) * w + x] = (float) (0.1 * c + ga * x + gb * y);
                }
            }
        }
        FaceImage photo = FaceImage.of(w, h, chw);
        Landmarks l = face(r, 8 + 8 * r.nextDouble(), r.nextDouble() - 0.5, 120, 90);
        int size = seed % 2 == 0 ? 32 : 128; // downsampling (blurred) and upsampling crops
        AlignedFace af = FaceAligner.align(photo, l, size);
        SimilarityTransform toPhoto = af.cropToPhoto();
        for (int k = 0; k < 40; k++) {
            int u = r.nextInt(size), v = r.nextInt(size);
            double px = toPhoto.applyX(u, v), py = toPhoto.applyY(u, v);
            if (px < 8 || py < 8 || px > w - 9 || py > h - 9) {
                continue; // edge replication and blur borders bend the ramp there
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(0.1 * c + ga * px + gb * py, af.crop().get(c, u, v), 2e-5, "seed " + seed + " at " + u + "," + v);
            }
        }
        assertEquals(af.landmarks(), af.photoToCrop().apply(l));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void windowedBlurEqualsBlurringTheWholePhotoEvenAtItsBorder(long seed) {
        Random r = new Random(seed);
        int w = 60 + r.nextInt(60), h = 60 + r.nextInt(60);
        float[] chw = new float[3 * w * h];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = r.nextFloat();
        }
        FaceImage photo = FaceImage.of(w, h, chw);
        // faces near a corner, large enough that a 24 px crop is downsampled (blurred)
        Landmarks l = face(r, 12 + 10 * r.nextDouble(), r.nextDouble() - 0.5, w * r.nextDouble(), h * r.nextDouble());
        int size = 24;
        AlignedFace af = FaceAligner.align(photo, l, size);
        SimilarityTransform toPhoto = af.cropToPhoto();
        double sigma = 0.5 * (toPhoto.scale() - 1);
        int radius = (int) Math.ceil(3 * sigma);
        float[] full = radius > 0 ? GaussianBlur.blurRegion(chw, w, h, 0, 0, w, h, sigma, radius) : chw;
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                double x = Math.max(0, Math.min(w - 1, toPhoto.applyX(u, v)));
                double y = Math.max(0, Math.min(h - 1, toPhoto.applyY(u, v)));
                int x0 = Math.min((int) x, w - 2), y0 = Math.min((int) y, h - 2);
                double fx = x - x0, fy = y - y0;
                for (int c = 0; c < 3; c++) {
                    int o = c * w * h;
                    double want = (1 - fy) * ((1 - fx) * full[o + y0 * w + x0] + fx * full[o + y0 * w + x0 + 1])
                            + fy * ((1 - fx) * full[o + (y0 + 1) * w + x0] + fx * full[o + (y0 + 1) * w + x0 + 1]);
                    assertEquals(want, af.crop().get(c, u, v), 1e-5, "seed " + seed + " at " + u + "," + v);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pasteBackOfAnUnchangedCropReturnsThePhoto(long seed) {
        Random r = new Random(seed);
        int w = 160, h = 140;
        double f1 = 2 * Math.PI / (30 + 30 * r.nextDouble()), f2 = 2 * Math.PI / (30 + 30 * r.nextDouble());
        float[] chw = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    chw[(c * h + y) * w + x] = (float) (0.5 + 0.3 * Math.sin(f1 * x + c) * Math.cos(f2 * y));
                }
            }
        }
        FaceImage photo = FaceImage.of(w, h, chw);
        Landmarks l = face(r, 10 + 5 * r.nextDouble(), r.nextDouble() - 0.5, 80, 60);
        AlignedFace af = FaceAligner.align(photo, l, 128);
        FaceImage back = FaceAligner.pasteBack(photo, af.crop(), af.cropToPhoto().toAffine());
        double max = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    max = Math.max(max, Math.abs(back.get(c, x, y) - photo.get(c, x, y)));
                }
            }
        }
        assertEquals(0, max, 5e-3, "seed " + seed + " max abs difference");
        // a different crop changes the photo inside the face, and the feathered mask leaves far pixels alone
        FaceImage white = FaceImage.of(128, 128, filled(3 * 128 * 128, 1f));
        FaceImage pasted = FaceAligner.pasteBack(photo, white, af.cropToPhoto().toAffine());
        double cx = af.cropToPhoto().applyX(63.5, 63.5), cy = af.cropToPhoto().applyY(63.5, 63.5);
        assertEquals(1f, pasted.get(0, (int) Math.round(cx), (int) Math.round(cy)), 1e-6, "seed " + seed + " face centre");
    }

    @Test
    void aCropCoveringThePhotoReplacesItWithoutFeatheringItsBorder() {
        FaceImage photo = FaceImage.of(128, 128, filled(3 * 128 * 128, 0.2f));
        FaceImage white = FaceImage.of(128, 128, filled(3 * 128 * 128, 1f));
        FaceImage pasted = FaceAligner.pasteBack(photo, white, dev.asffnet.api.Affine2D.IDENTITY);
        assertEquals(white, pasted, "identity crop over the whole photo");
        // a crop larger than the photo (a 64x64 photo cut from the middle of it) covers it entirely too
        FaceImage small = FaceImage.of(64, 64, filled(3 * 64 * 64, 0.2f));
        FaceImage over = FaceAligner.pasteBack(small, white, new dev.asffnet.api.Affine2D(1, 0, -32, 0, 1, -32));
        assertEquals(FaceImage.of(64, 64, filled(3 * 64 * 64, 1f)), over);
        // a crop inside the photo is still feathered at its border
        FaceImage big = FaceImage.of(256, 256, filled(3 * 256 * 256, 0.2f));
        FaceImage inner = FaceAligner.pasteBack(big, white, new dev.asffnet.api.Affine2D(1, 0, 64, 0, 1, 64));
        assertTrue(inner.get(0, 64, 128) < 0.3f, "border pixel is mostly the photo: " + inner.get(0, 64, 128));
        assertEquals(1f, inner.get(0, 128, 128), 1e-6f);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void degenerateAndBadInputs() {
        Random r = new Random(1);
        double[] xy = face(r, 20, 0, 50, 50).toArray();
        for (int m = 36; m < 48; m++) {
            xy[2 * m] = 40;
            xy[2 * m + 1] = 45;
        }
        FaceImage photo = FaceImage.of(100, 100, new float[3 * 100 * 100]);
        assertThrows(DegenerateLandmarksException.class, () -> FaceAligner.align(photo, Landmarks.of(xy), 64));
        Landmarks ok = face(r, 20, 0, 50, 50);
        assertThrows(InvalidInputException.class, () -> FaceAligner.align(photo, ok, 0));
        assertThrows(InvalidInputException.class, () -> FaceAligner.align(null, ok, 64));
        assertThrows(InvalidInputException.class, () -> FaceAligner.pasteBack(photo, null, null));
        assertThrows(InvalidInputException.class, () -> new SimilarityTransform(0, 0, 1, 1));
        assertThrows(InvalidInputException.class, () -> new SimilarityTransform(Double.NaN, 0, 1, 1));
    }
}
