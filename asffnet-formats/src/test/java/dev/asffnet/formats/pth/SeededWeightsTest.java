package dev.asffnet.formats.pth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The SplitMix64 generator against the check values of ../shared/fixtures/asffnet512/keys.json. */
class SeededWeightsTest {
    static Optional<Path> fixture(String rel) {
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
            Path f = p.resolve("shared/fixtures/asffnet512").resolve(rel);
            if (Files.exists(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Test
    void reproducesAll599FixtureEntries() throws IOException {
        Path keys = fixture("keys.json").orElse(null);
        Assumptions.assumeTrue(keys != null, "shared/fixtures/asffnet512/keys.json not found; skipped");
        JsonObject root = JsonParser.parseString(Files.readString(keys)).getAsJsonObject();
        List<StateDictSpec.Entry> entries = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("keys")) {
            JsonObject o = e.getAsJsonObject();
            int[] shape = new int[o.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = o.getAsJsonArray("shape").get(i).getAsInt();
            }
            entries.add(new StateDictSpec.Entry(o.get("key").getAsString(), shape));
        }
        StateDict sd = SeededWeights.generate(new StateDictSpec(entries), root.get("seed").getAsLong());
        assertEquals(599, sd.tensors().size());
        long params = 0;
        for (JsonElement e : root.getAsJsonArray("keys")) {
            JsonObject o = e.getAsJsonObject();
            String key = o.get("key").getAsString();
            Tensor t = sd.get(key);
            boolean sn = key.endsWith("_u") || key.endsWith("_v");
            params += sn ? 0 : t.numel();
            var first3 = o.getAsJsonObject("check").getAsJsonArray("first3");
            for (int i = 0; i < 3; i++) {
                // weights and biases bit-exact; SN buffers (float64 sums rounded to float32) to 1 ulp
                assertEquals(first3.get(i).getAsDouble(), t.data()[i], sn ? Math.ulp(t.data()[i]) : 0, key);
            }
            double sum = 0;
            for (float v : t.data()) {
                sum += v;
            }
            assertEquals(o.getAsJsonObject("check").get("sum").getAsDouble(), sum, 1e-9 * t.numel(), key);
        }
        assertEquals(23_625_939, params);
    }
}
