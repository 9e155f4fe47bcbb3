package dev.asffnet.pipeline;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import java.util.Random;

/** Synthetic but anatomically ordered 68-point faces and smooth random images for pipeline tests. */
final class SyntheticFaces {
    private SyntheticFaces() {
    }

    /** A frontal template face in a 128x128 frame. */
    static Landmarks template() {
        double[] xy = new double[136];
        for (int i = 0; i <= 16; i++) {
            double t = Math.PI - Math.PI * i / 16;
            put(xy, i, 64 + 44 * Math.cos(t), 50 + 68 * Math.sin(t));
        }
        for (int i = 0; i < 5; i++) {
            put(xy, 17 + i, 30 + 7 * i, 40 - (i == 2 ? 2 : 0));
            put(xy, 22 + i, 70 + 7 * i, 40 - (i == 2 ? 2 : 0));
        }
        for (int i = 0; i < 4; i++) {
            put(xy, 27 + i, 64, 48 + 8 * i);
        }
        for (int i = 0; i < 5; i++) {
            put(xy, 31 + i, 54 + 5 * i, 78 + (i == 2 ? 2 : 0));
        }
        for (int i = 0; i < 6; i++) {
            double t = Math.PI - 2 * Math.PI * i / 6;
            put(xy, 36 + i, 44 + 8 * Math.cos(t), 54 - 4 * Math.sin(t));
            put(xy, 42 + i, 84 + 8 * Math.cos(t), 54 - 4 * Math.sin(t));
        }
        for (int i = 0; i < 12; i++) {
            double t = Math.PI - 2 * Math.PI * i / 12;
            put(xy, 48 + i, 64 + 18 * Math.cos(t), 95 - 7 * Math.sin(t));
        }
        for (int i = 0; i < 8; i++) {
            double t = Math.PI - 2 * Math.PI * i / 8;
            put(xy, 60 + i, 64 + 10 * Math.cos(t), 95 - 3 * Math.sin(t));
        }
        return Landmarks.of(xy);
    }

    /** The template under a random similarity plus per-point jitter of {@code jitter} pixels. */
    static Landmarks posed(Random rnd, double scale, double jitter, double cx, double cy) {
        Landmarks t = template();
        double ang = (rnd.nextDouble() - 0.5) * 0.4;
        double a = scale * Math.cos(ang);
        double b = scale * Math.sin(ang);
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {
            double x = t.x(i) - 64;
            double y = t.y(i) - 64;
            xy[2 * i] = a * x - b * y + cx + rnd.nextGaussian() * jitter;
            xy[2 * i + 1] = b * x + a * y + cy + rnd.nextGaussian() * jitter;
        }
        return Landmarks.of(xy);
    }

    /** A smooth random RGB image (sum of a few sinusoids), values in [0,1]. */
    static FaceImage image(Random rnd, int w, int h) {
        float[] chw = new float[3 * w * h];
        double[] f = new double[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextDouble() * 0.2;
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.25 * Math.sin(f[c] * x + f[3 + c] * y) + 0.2 * Math.cos(f[6 + c] * (x - y));
                    chw[(c * h + y) * w + x] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
        return FaceImage.of(w, h, chw);
    }

    private static void put(double[] xy, int i, double x, double y) {
        xy[2 * i] = x;
        xy[2 * i + 1] = y;
    }
}
