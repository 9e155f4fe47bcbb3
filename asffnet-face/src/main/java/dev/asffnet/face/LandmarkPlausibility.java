package dev.asffnet.face;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.Landmarks;
import java.util.Optional;

/**
 * Whether 68 landmarks can be a face: in the face's own frame (x along the eye-to-eye line) the mouth lies
 * below the eyes and the chin below the mouth, and the inter-ocular distance fits the box the landmarks
 * were found in. The landmark net always answers, so nonsense (the chin above the eyes, seen on heavily
 * degraded crops) must be caught here rather than restored into a rotated face.
 */
public final class LandmarkPlausibility {
    /** Smallest accepted inter-ocular distance over the box side. */
    static final double MIN_IOD_RATIO = 0.08;
    /** Largest accepted inter-ocular distance over the box side. */
    static final double MAX_IOD_RATIO = 0.75;

    private LandmarkPlausibility() {
    }

    /**
     * @param l landmarks in photo pixels
     * @param box the box they were found in
     * @return what is implausible, or empty when the landmarks can be a face
     */
    public static Optional<String> problem(Landmarks l, FaceBox box) {
        double[] eyeL = mean(l, 36, 42);
        double[] eyeR = mean(l, 42, 48);
        double[] mouth = mean(l, 48, 60);
        double ex = eyeR[0] - eyeL[0];
        double ey = eyeR[1] - eyeL[1];
        double iod = Math.hypot(ex, ey);
        if (!(iod > 1e-6)) {
            return Optional.of("the eyes coincide");
        }
        double dx = -ey / iod;                    // "down" in the face's frame
        double dy = ex / iod;
        double midX = (eyeL[0] + eyeR[0]) / 2;
        double midY = (eyeL[1] + eyeR[1]) / 2;
        double mouthDown = (mouth[0] - midX) * dx + (mouth[1] - midY) * dy;
        double chinDown = (l.x(8) - mouth[0]) * dx + (l.y(8) - mouth[1]) * dy;
        if (mouthDown < 0.3 * iod) {
            return Optional.of("the mouth is not below the eyes");
        }
        if (chinDown <= 0) {
            return Optional.of("the chin is above the mouth");
        }
        double side = Math.max(box.width(), box.height());
        double ratio = iod / side;
        if (ratio < MIN_IOD_RATIO || ratio > MAX_IOD_RATIO) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "the eye distance is %.2f of the face box side (expected %.2f..%.2f)", ratio, MIN_IOD_RATIO,
                    MAX_IOD_RATIO));
        }
        return Optional.empty();
    }

    private static double[] mean(Landmarks l, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += l.x(i);
            y += l.y(i);
        }
        return new double[] {x / (to - from), y / (to - from)};
    }
}
