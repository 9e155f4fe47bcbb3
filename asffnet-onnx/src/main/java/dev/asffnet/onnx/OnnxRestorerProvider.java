package dev.asffnet.onnx;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.pipeline.GuidedRestorer;

/**
 * The {@code onnx} backend: {@link GuidedRestorer} over {@link OnnxAsffnetNetwork}, with the options'
 * selector and aligner (default: weighted affine distance, MLS) and the shared face front end
 * ({@link FaceFrontEnd}) for photos and crops without landmarks.
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
        FaceFrontEnd face = new FaceFrontEnd(options.threads());
        return GuidedRestorer.create(OnnxAsffnetNetwork.open(options), options, face.faceDetector(), face, name(), BATCH);
    }
}
