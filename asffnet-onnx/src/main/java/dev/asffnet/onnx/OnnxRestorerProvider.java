package dev.asffnet.onnx;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.core.GuidedRestorer;
import dev.asffnet.core.PackagedModel;

/**
 * The {@code onnx} backend: {@link GuidedRestorer} over {@link OnnxAsffnetNetwork}, selecting guidance with
 * the packaged learned landmark weights; {@code restore(FaceImage, ...)} finds the degraded face's landmarks
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
        return new GuidedRestorer(OnnxAsffnetNetwork.open(options), PackagedModel.landmarkWeights(), new PhotoLandmarks(),
                name(), BATCH);
    }
}
