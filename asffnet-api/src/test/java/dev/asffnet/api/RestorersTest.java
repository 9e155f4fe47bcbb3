package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestorersTest {
    @Test
    void unknownBackendNamesTheAvailableOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Restorers.open("no-such-backend"));
        assertTrue(e.getMessage().contains("no-such-backend") && e.getMessage().contains("available"), e.getMessage());
    }

    @Test
    void optionsRejectBadValues() {
        assertThrows(InvalidInputException.class, () -> new RestorerOptions(null, RestorerOptions.Device.CPU, 0, Optional.empty(), Optional.empty(), Optional.empty(), true, false));
        assertThrows(InvalidInputException.class, () -> new RestorerOptions(Optional.empty(), null, 0, Optional.empty(), Optional.empty(), Optional.empty(), true, false));
        assertThrows(InvalidInputException.class, () -> new RestorerOptions(Optional.empty(), RestorerOptions.Device.CPU, 0, null, Optional.empty(), Optional.empty(), true, false));
        assertThrows(InvalidInputException.class, () -> new RestorerOptions(Optional.empty(), RestorerOptions.Device.CPU, 0, Optional.empty(), null, Optional.empty(), true, false));
        assertThrows(InvalidInputException.class, () -> RestorerOptions.defaults().withThreads(-1));
    }

    @Test
    void eachSetterChangesOnlyItsOwnComponent() {
        RestorerOptions spin = RestorerOptions.defaults().withSpinningThreads(true);
        assertFalse(RestorerOptions.defaults().spinningThreads());
        assertEquals(RestorerOptions.defaults(), spin.withSpinningThreads(false));
        RestorerOptions all = spin.withThreads(1).withDevice(RestorerOptions.Device.CUDA).withLargeFaceModel(false)
                .withModelFile(Path.of("m.onnx")).withLandmarkWeightsFile(Path.of("w.txt"));
        assertTrue(all.spinningThreads());
        assertEquals(new RestorerOptions(Optional.of(Path.of("m.onnx")), RestorerOptions.Device.CUDA, 1,
                Optional.of(Path.of("w.txt")), Optional.empty(), Optional.empty(), false, true), all);
    }

    @Test
    void cosineOfEmbeddings() {
        assertTrue(Math.abs(FaceEmbedder.cosine(new float[] {1, 0}, new float[] {0, 2})) < 1e-12);
        assertTrue(Math.abs(FaceEmbedder.cosine(new float[] {1, 1}, new float[] {2, 2}) - 1) < 1e-12);
        assertThrows(InvalidInputException.class, () -> FaceEmbedder.cosine(new float[] {1}, new float[] {1, 2}));
    }
}
