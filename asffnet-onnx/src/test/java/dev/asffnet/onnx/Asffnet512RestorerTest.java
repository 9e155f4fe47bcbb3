package dev.asffnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.formats.pth.Npy;
import dev.asffnet.formats.pth.PthWriter;
import dev.asffnet.formats.pth.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ASFFNet512 profile end to end through the public API, from a .pth written in Java. */
class Asffnet512RestorerTest {
    @TempDir
    Path dir;

    /** A [-1,1] NCHW fixture tensor as an image. */
    private static FaceImage image(String rel) {
        float[] d = Asffnet512Fixture.npy(rel).clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(1f, Math.max(0f, d[i] * 0.5f + 0.5f));
        }
        return FaceImage.of(512, 512, d);
    }

    @Test
    void restoresWholePhotoFromPth() throws IOException {
        Assumptions.assumeTrue(Asffnet512Fixture.fixture("lq.npy").isPresent(), "fixture absent; skipped");
        // the fixture's 512 LQ crop inside a larger grey photo
        FaceImage crop = image("lq.npy");
        int w = 704, h = 608, ox = 128, oy = 64;
        float[] px = new float[3 * w * h];
        java.util.Arrays.fill(px, 0.5f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    px[(c * h + y + oy) * w + x + ox] = crop.get(c, x, y);
                }
            }
        }
        FaceImage photo = FaceImage.of(w, h, px);
        Landmarks refLm = Landmarks.of(Npy.readDoubles(Asffnet512Fixture.fixture("ref_landmarks.npy").orElseThrow()));
        List<Exemplar> exemplars = List.of(new Exemplar(image("ref.npy"), refLm));
        try (Restorer r = Restorers.open("onnx", RestorerOptions.defaults().withModelFile(Asffnet512Fixture.seededPth()))) {
            PhotoResult res = r.restorePhoto(photo, exemplars);
            FaceImage out = res.image();
            assertEquals(w, out.width());
            assertEquals(h, out.height());
            assertEquals(1, res.faces().size());
            assertEquals(512, res.faces().get(0).result().restored().width());
            assertEquals(0.5f, out.get(0, 2, 2));                       // far from the face: untouched
            double changed = 0;
            for (int y = oy + 200; y < oy + 300; y++) {
                for (int x = ox + 200; x < ox + 300; x++) {
                    float v = out.get(1, x, y);
                    assertTrue(Float.isFinite(v) && v >= 0 && v <= 1);
                    changed += Math.abs(v - photo.get(1, x, y));
                }
            }
            assertTrue(changed / 10000 > 0.01, "face region unchanged: mean abs " + changed / 10000);
        }
    }

    @Test
    void refusesCheckpointWithMissingKeyNamingIt() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>(Map.of("LQ_Model.conv1.0.bias", Tensor.of(new float[64], 64)));
        Path pth = dir.resolve("partial.pth");
        PthWriter.write(pth, t, "params");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Restorers.open("onnx", RestorerOptions.defaults().withModelFile(pth)));
        assertTrue(e.getMessage().contains("missing key 'sff_branch.0.sff0.MaskModel.0.weight_orig'"), e.getMessage());
    }
}
