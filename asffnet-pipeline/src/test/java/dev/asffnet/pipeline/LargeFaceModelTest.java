package dev.asffnet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.pipeline.GuidedRestorerTest.EchoNetwork;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestoreResult;
import dev.asffnet.geometry.crop.LandmarkMap;
import dev.asffnet.geometry.mls.MlsAligner;
import dev.asffnet.geometry.selection.AffineDistanceSelector;
import dev.asffnet.geometry.selection.LandmarkWeights;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Faces that large in the photo go to the large-face network; the rest to the default one. */
class LargeFaceModelTest {
    private static GuidedRestorer restorer(AsffnetNetwork net, LargeFaceModel large) {
        return new GuidedRestorer(net, new AffineDistanceSelector(LandmarkWeights.uniform()), new MlsAligner(),
                (l, s) -> LandmarkMap.draw(l, s, s), null, null, "test", 4, large);
    }

    /** A synthetic face whose canonical crop spans about {@code scale} x 128 photo pixels. */
    private static Exemplar face(long seed, int side, double scale) {
        return GuidedRestorerTest.face(seed, side, scale);
    }

    @Test
    void largeFacesAreRestoredAtTheLargeSizeAndSmallOnesAtTheDefault() {
        EchoNetwork small = new EchoNetwork(128, 0.1f);
        EchoNetwork big = new EchoNetwork(256, 0.2f);
        AtomicInteger opened = new AtomicInteger();
        LargeFaceModel model = new LargeFaceModel(256, () -> {
            opened.incrementAndGet();
            return big;
        });
        List<Exemplar> exemplars = List.of(face(1, 420, 2.6), face(2, 200, 1.3));
        try (GuidedRestorer r = restorer(small, model)) {
            RestoreResult s = r.restore(face(3, 200, 1.3), exemplars);       // spans about 166 px
            assertEquals(128, s.restored().width());
            assertEquals(0, opened.get(), "the large network is opened only when a large face comes");
            List<RestoreResult> both = r.restoreAll(List.of(face(4, 420, 2.4), face(5, 200, 1.2),
                    face(6, 460, 2.8)), exemplars);                            // about 307, 154, 358 px
            assertEquals(List.of(256, 128, 256), both.stream().map(x -> x.restored().width()).toList());
            assertEquals(1, opened.get());
            float[] in = both.get(0).alignedDegraded().toArray();
            float[] out = both.get(0).restored().toArray();
            assertEquals(Math.min(1f, in[1000] + 0.2f), out[1000], 1e-6f, "the large face went through the large net");
            assertEquals(256, both.get(0).alignedGuidance().width(), "its guidance is aligned at 256 too");
            r.restore(face(7, 420, 2.5), exemplars);
            assertEquals(1, opened.get(), "opened once");
        }
        assertTrue(small.closed);
        assertTrue(big.closed, "closing the restorer closes the large network it opened");
    }

    @Test
    void withoutALargeModelEveryFaceIsRestoredAtTheDefaultSize() {
        EchoNetwork small = new EchoNetwork(128, 0f);
        try (GuidedRestorer r = restorer(small, null)) {
            assertEquals(128, r.restore(face(4, 420, 2.4), List.of(face(1, 420, 2.6))).restored().width());
            assertEquals("asffnet-region-v2-crop128", r.preparationId().orElseThrow());
        }
    }

    @Test
    void preparedExemplarsKeepTheResolutionOfTheLargestSize() {
        LargeFaceModel large = new LargeFaceModel(256, () -> new EchoNetwork(256, 0f));
        try (GuidedRestorer r = restorer(new EchoNetwork(128, 0f), large)) {
            assertEquals("asffnet-region-v2-crop256", r.preparationId().orElseThrow());
            Exemplar big = face(8, 900, 5.0);                                 // reduced to about 1 px per crop px
            Exemplar prepared = r.prepare(big);
            assertTrue(prepared.image().width() >= 256, "prepared region " + prepared.image().width()
                    + " px keeps at least 256 px for the large network");
        }
    }

    @Test
    void aLargeModelOfTheWrongSizeIsATypedError() {
        EchoNetwork wrong = new EchoNetwork(192, 0f);
        try (GuidedRestorer r = restorer(new EchoNetwork(128, 0f), new LargeFaceModel(256, () -> wrong))) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> r.restore(face(4, 420, 2.4), List.of(face(1, 420, 2.6))));
            assertTrue(e.getMessage().contains("192"), e.getMessage());
            assertTrue(wrong.closed, "a rejected network is closed");
        }
        assertThrows(InvalidInputException.class, () -> restorer(new EchoNetwork(128, 0f),
                new LargeFaceModel(128, () -> new EchoNetwork(128, 0f))));
        assertThrows(InvalidInputException.class, () -> new LargeFaceModel(250, () -> null));
    }

    @Test
    void theEmbeddedLargeModelIsWantedOnlyWithTheEmbeddedModelAndTheOptionOn() {
        AtomicInteger opened = new AtomicInteger();
        java.util.function.Supplier<AsffnetNetwork> open = () -> {
            opened.incrementAndGet();
            return new EchoNetwork(256, 0f);
        };
        dev.asffnet.api.RestorerOptions defaults = dev.asffnet.api.RestorerOptions.defaults();
        assertEquals(256, LargeFaceModel.embedded(defaults, 256, open).size());
        assertNull(LargeFaceModel.embedded(defaults.withLargeFaceModel(false), 256, open));
        assertNull(LargeFaceModel.embedded(defaults.withModelFile(java.nio.file.Path.of("m.onnx")), 256, open));
        assertEquals(0, opened.get(), "deciding opens nothing");
    }
}
