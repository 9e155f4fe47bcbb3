package dev.asffnet.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.asffnet.api.DeviceUnavailableException;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import org.junit.jupiter.api.Test;

class TfRestorerProviderTest {
    @Test
    void registeredAsTf() {
        assertTrue(Restorers.available().contains("tf"), Restorers.available().toString());
        assertEquals("tf", new TfRestorerProvider().name());
    }

    @Test
    void opensAModelFile() {
        RestorerOptions o = RestorerOptions.defaults().withModelFile(TestModels.weights("tiny-asff")).withThreads(1);
        try (Restorer r = Restorers.open("tf", o)) {
            assertEquals("tf", r.backend());
        }
    }

    @Test
    void cudaStrictWithoutGpuThrows() {
        assumeFalse(TfAsffnetNetwork.gpuAvailable(), "a GPU is visible to TensorFlow");
        RestorerOptions o = RestorerOptions.defaults().withModelFile(TestModels.weights("tiny-asff"))
                .withDevice(RestorerOptions.Device.CUDA_STRICT);
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Restorers.open("tf", o));
        assertTrue(e.getMessage().contains("tensorflow.classifier"), e.getMessage());
    }

    @Test
    void cudaFallsBackToCpu() {
        assumeFalse(TfAsffnetNetwork.gpuAvailable(), "a GPU is visible to TensorFlow");
        RestorerOptions o = RestorerOptions.defaults().withModelFile(TestModels.weights("tiny-asff"))
                .withDevice(RestorerOptions.Device.CUDA);
        try (Restorer r = Restorers.open("tf", o)) {
            assertEquals("tf", r.backend());
        }
    }
}
