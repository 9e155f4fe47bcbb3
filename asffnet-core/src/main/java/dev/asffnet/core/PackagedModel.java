package dev.asffnet.core;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.geometry.LandmarkWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Names of the default model's classpath resources (module {@code asffnet-models}) and the loader of the
 * learned landmark weights (Eqn 4) that every backend's selection uses.
 */
public final class PackagedModel {
    /** The trained default ASFFNet network as ONNX. */
    public static final String ONNX = "/dev/asffnet/models/asffnet-default.onnx";
    /** The same network's raw weights (format: docs/training.md) for backends that build the graph. */
    public static final String WEIGHTS = "/dev/asffnet/models/asffnet-default.weights";
    /** The network's configuration (widths, block counts, ablation switches) as JSON. */
    public static final String CONFIG = "/dev/asffnet/models/asffnet-default.json";
    /** The 68 learned landmark weights, one per line. */
    public static final String LANDMARK_WEIGHTS = "/dev/asffnet/models/landmark-weights.txt";

    private PackagedModel() {
    }

    /**
     * The landmark weights {@code options} name ({@link RestorerOptions#landmarkWeightsFile()}), else the
     * packaged ones.
     *
     * @throws ModelLoadException when the named file is missing, unreadable or not 68 valid weights
     */
    public static LandmarkWeights landmarkWeights(RestorerOptions options) {
        if (options.landmarkWeightsFile().isEmpty()) {
            return landmarkWeights();
        }
        Path file = options.landmarkWeightsFile().get();
        try {
            return LandmarkWeights.load(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot read landmark weights file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The packaged learned landmark weights, or uniform weights when the resource is absent. */
    public static LandmarkWeights landmarkWeights() {
        try (InputStream in = PackagedModel.class.getResourceAsStream(LANDMARK_WEIGHTS)) {
            if (in == null) {
                return LandmarkWeights.uniform();
            }
            return LandmarkWeights.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("corrupt landmark weights resource " + LANDMARK_WEIGHTS + ": "
                    + e.getMessage(), e);
        }
    }
}
