package dev.asffnet.onnx;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.core.GuidedRestorer;
import dev.asffnet.core.PackagedModel;
import dev.asffnet.geometry.LandmarkWeights;

/**
 * The {@code onnx} backend: {@link GuidedRestorer} over {@link OnnxAsffnetNetwork}, selecting guidance with
 * the landmark weights the options name (default: the packaged ones); {@code restore(FaceImage, ...)} finds the degraded face's landmarks
 * with {@link PhotoLandmarks}.
 */
public final class OnnxRestorerProvider implements RestorerProvider {
    /** Faces per network call in batched restoration. */
    static final int BATCH = 4;

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public Restorer open(RestorerOptions options) {
        LandmarkWeights weights = PackagedModel.landmarkWeights(options);     // before the network: nothing to close
        return new GuidedRestorer(OnnxAsffnetNetwork.open(options), weights, new PhotoLandmarks(), name(), BATCH);
    }
}
