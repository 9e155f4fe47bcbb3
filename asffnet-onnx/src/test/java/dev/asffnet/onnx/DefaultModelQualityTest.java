package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import dev.asffnet.geometry.image.Degradation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged default model restores: on faces of validation identities (never seen in training, see
 * training/split.json) degraded at x4 with fixed seeds, the restored crops beat the bicubic-upsampled input
 * in PSNR on average, and with all exemplars offered they are no worse than with a single random one.
 * Guards against a broken export or a broken pipeline; the full figures are in docs/results.md.
 */
class DefaultModelQualityTest {
    private static double psnr(FaceImage a, FaceImage b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            se += (x[i] - y[i]) * (double) (x[i] - y[i]);
        }
        return 10 * Math.log10(x.length / se);
    }

    /** Up to 6 photos each of the first 8 validation identities (never trained on). */
    private static Map<String, List<Exemplar>> validationGroups() throws java.io.IOException {
        Path data = Path.of("../../shared/data/celeba-faces");
        Path split = Path.of("../training/split.json");
        Assumptions.assumeTrue(Files.isDirectory(data) && Files.isRegularFile(split),
                "needs ../shared/data/celeba-faces and training/split.json");
        Matcher m = Pattern.compile("\"val_identities\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(Files.readString(split));
        assertTrue(m.find());
        List<String> ids = new ArrayList<>();
        Matcher s = Pattern.compile("\"(\\d+)\"").matcher(m.group(1));
        while (s.find() && ids.size() < 8) {
            ids.add(s.group(1));
        }
        Map<String, List<Exemplar>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Landmarks> e : LandmarkTable.read(data.resolve("landmarks68.csv")).entrySet()) {
            String id = e.getKey().substring(0, e.getKey().indexOf('/'));
            if (!ids.contains(id) || groups.getOrDefault(id, List.of()).size() >= 6) {
                continue;
            }
            groups.computeIfAbsent(id, x -> new ArrayList<>()).add(new Exemplar(FaceImage.read(data.resolve(e.getKey())),
                    e.getValue()));
        }
        return groups;
    }

    /** A face's canonical crop at {@code size} (the truth), degraded at x4 with seed 40 + n, and bicubic's PSNR. */
    private record Target(FaceImage truth, Exemplar in, double bicubic) {
        static Target of(Exemplar face, int size, int n) {
            AlignedFace gt = FaceAligner.align(face.image(), face.landmarks(), size);
            FaceImage deg = Degradation.apply(gt.crop(), Degradation.evaluation(40 + n, 4));
            return new Target(gt.crop(), new Exemplar(deg, gt.landmarks()), psnr(deg, gt.crop()));
        }
    }

    @Test
    void beatsBicubicOnUnseenIdentities() throws Exception {
        Map<String, List<Exemplar>> groups = validationGroups();
        double gainAll = 0;
        double gainOne = 0;
        int n = 0;
        try (Restorer r = Restorers.open("onnx", RestorerOptions.defaults())) {
            for (List<Exemplar> g : groups.values()) {
                Target t = Target.of(g.get(0), 128, n);
                gainAll += psnr(r.restore(t.in(), g.subList(1, g.size())).restored(), t.truth()) - t.bicubic();
                gainOne += psnr(r.restore(t.in(), List.of(g.get(g.size() - 1))).restored(), t.truth()) - t.bicubic();
                n++;
            }
        }
        gainAll /= n;
        gainOne /= n;
        System.out.printf("default model on %d unseen faces at x4: %+.2f dB over bicubic (all exemplars), %+.2f dB "
                + "(one exemplar)%n", n, gainAll, gainOne);
        assertTrue(n >= 5, "too few validation faces: " + n);
        assertTrue(gainAll > 0.5, "mean PSNR gain over bicubic " + gainAll + " dB");
        assertTrue(gainAll > gainOne - 0.05, "all exemplars " + gainAll + " vs one " + gainOne);
    }

    /**
     * A face that spans 256 pixels goes to the packaged 256 model: the result keeps 256x256 pixels and beats
     * both bicubic and the 128 model's result pasted back at 256 (the restorer without the large model).
     */
    @Test
    void largeFacesGainFromThe256Model() throws Exception {
        Map<String, List<Exemplar>> groups = validationGroups();
        double gainLarge = 0;
        double gainSmall = 0;
        int n = 0;
        try (Restorer large = Restorers.open("onnx", RestorerOptions.defaults());
                Restorer small = Restorers.open("onnx", RestorerOptions.defaults().withLargeFaceModel(false))) {
            for (List<Exemplar> g : groups.values()) {
                Target t = Target.of(g.get(0), 256, n);
                List<Exemplar> ex = g.subList(1, g.size());
                FaceImage big = large.restore(t.in(), ex).restored();
                assertEquals(256, big.width(), "a 256 face is restored at 256");
                var r = small.restore(t.in(), ex);
                assertEquals(128, r.restored().width(), "without the large model at 128");
                gainLarge += psnr(big, t.truth()) - t.bicubic();
                gainSmall += psnr(FaceAligner.pasteBack(t.in().image(), r.restored(), r.cropToInput()), t.truth())
                        - t.bicubic();
                n++;
            }
        }
        gainLarge /= n;
        gainSmall /= n;
        System.out.printf("256 faces on %d unseen identities at x4: %+.2f dB over bicubic with the 256 model, %+.2f dB"
                + " with the 128 model pasted back%n", n, gainLarge, gainSmall);
        assertTrue(gainLarge > 0.5, "256 model: mean gain over bicubic " + gainLarge + " dB");
        assertTrue(gainLarge > gainSmall, "256 model " + gainLarge + " dB vs 128 model pasted back " + gainSmall);
    }
}
