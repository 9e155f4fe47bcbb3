package dev.asffnet.tf;

import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.AswtFile;
import dev.asffnet.pipeline.EngineInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test models written by src/test/python/make_tf_fixtures.py (random weights, PyTorch outputs). */
final class TestModels {
    static final String[] VARIANTS = {"tiny-asff", "tiny-concat", "tiny-unguided"};

    private TestModels() {
    }

    static Path resource(String name) {
        try {
            return Path.of(TestModels.class.getResource("/dev/asffnet/tf/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    static Path weights(String variant) {
        return resource(variant + ".weights");
    }

    static Path config(String variant) {
        return resource(variant + ".json");
    }

    static Map<String, AswtFile.Tensor> fixture(String variant) {
        return read(resource(variant + ".fixture.bin"));
    }

    static Map<String, AswtFile.Tensor> read(Path p) {
        try {
            return AswtFile.read(Files.readAllBytes(p), p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TfAsffnetNetwork open(String variant) {
        return TfAsffnetNetwork.load(weights(variant), config(variant), RestorerOptions.Device.CPU, 0);
    }

    /** Runs the fixture's inputs (tensor names {@code prefix + input}) through {@code net}. */
    static float[] forward(TfAsffnetNetwork net, Map<String, AswtFile.Tensor> fx, String prefix) {
        int n = fx.get(prefix + "degraded").shape()[0];
        return net.forward(new EngineInput(n, net.size(), fx.get(prefix + "degraded").data(), fx.get(prefix + "guidance").data(),
                fx.get(prefix + "warp_grid").data(), fx.get(prefix + "landmark_map").data()));
    }

    static float maxAbs(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
