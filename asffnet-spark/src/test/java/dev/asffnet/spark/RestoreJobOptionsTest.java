package dev.asffnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestorerOptions;
import org.junit.jupiter.api.Test;

class RestoreJobOptionsTest {
    @Test
    void argumentsParseAndBadOnesAreNamed() {
        RestoreJobOptions o = RestoreJobOptions.fromArgs("--photos", "p.csv", "--exemplars", "e.parquet", "--input-root",
                "/a", "--output-root", "/b", "--results", "/b/r.parquet", "--device", "cuda", "--model", "m.onnx");
        assertEquals(RestorerOptions.Device.CUDA, o.device());
        assertEquals("m.onnx", o.model().orElseThrow());
        assertEquals(0, o.threads());
        assertTrue(assertThrows(InvalidInputException.class, () -> RestoreJobOptions.fromArgs("--photos", "p.csv"))
                .getMessage().contains("--exemplars"));
        assertTrue(assertThrows(InvalidInputException.class, () -> RestoreJobOptions.fromArgs("--colour", "red"))
                .getMessage().contains("unknown argument '--colour'"));
    }
}
