package dev.asffnet.examples;

import dev.asffnet.api.Landmarks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real-use statistics of {@code evaluate} per scale: landmark error of the landmarks detected on the
 * degraded input against the reference (mean over the 68 points of the distance, over the outer-eye-corner
 * distance |p36 - p45| of the reference), whether the front end found the face at all (it refuses a face it
 * cannot verify), whether the SSD detector found it (rather than the verified whole-image fallback), and targets whose restored result is more than 0.5 dB below its
 * bicubic input. Not thread-safe: one evaluation loop fills it.
 */
final class LandmarkErrors {
    /** One scale's accumulated figures. */
    static final class Scale {
        final List<Double> errors = new ArrayList<>();
        int found;
        int refused;
        int worseThanBicubic;
        int n;
    }

    private final Map<Integer, Scale> byScale = new LinkedHashMap<>();

    private Scale at(int scale) {
        return byScale.computeIfAbsent(scale, k -> new Scale());
    }

    /** A target whose face was restored from detected landmarks. */
    void add(int scale, Landmarks detected, Landmarks reference, boolean foundByDetector, double psnrGain) {
        Scale s = at(scale);
        s.errors.add(detected.normalisedError(reference));
        s.found += foundByDetector ? 1 : 0;
        s.worseThanBicubic += psnrGain < -0.5 ? 1 : 0;
        s.n++;
    }

    /** A target the front end refused (no plausible face): the user gets an error, scored as bicubic. */
    void refused(int scale) {
        Scale s = at(scale);
        s.refused++;
        s.n++;
    }

    /** @return a markdown table, one row per scale */
    String markdown() {
        StringBuilder md = new StringBuilder("| scale | face found (front end) | of which by the SSD detector | "
                + "landmark error mean | landmark error p90 | results > 0.5 dB below bicubic |\n|---|---|---|---|---|---|\n");
        byScale.forEach((scale, s) -> {
            List<Double> e = new ArrayList<>(s.errors);
            e.sort(Double::compare);
            double mean = e.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double p90 = e.isEmpty() ? Double.NaN : e.get(Math.min(e.size() - 1, (int) Math.ceil(0.9 * e.size()) - 1));
            md.append(String.format(Locale.ROOT, "| x%d | %d / %d | %d | %.3f | %.3f | %d / %d |%n", scale,
                    s.n - s.refused, s.n, s.found, mean, p90, s.worseThanBicubic, s.n));
        });
        return md.toString();
    }

    /** @return the same figures for results.json */
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        byScale.forEach((scale, s) -> {
            List<Double> e = new ArrayList<>(s.errors);
            e.sort(Double::compare);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", s.n);
            m.put("found_by_detector", s.found);
            m.put("refused", s.refused);
            m.put("nme_mean", e.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            m.put("nme_p90", e.isEmpty() ? Double.NaN : e.get(Math.min(e.size() - 1, (int) Math.ceil(0.9 * e.size()) - 1)));
            m.put("worse_than_bicubic_0_5db", s.worseThanBicubic);
            out.put("x" + scale, m);
        });
        return out;
    }
}
