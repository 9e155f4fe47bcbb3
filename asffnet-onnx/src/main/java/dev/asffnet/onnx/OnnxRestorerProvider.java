package dev.asffnet.onnx;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.GuidedRestorer;
import dev.asffnet.pipeline.LargeFaceModel;
import dev.asffnet.pipeline.asffnet512.Asffnet512Profile;

/**
 * The {@code onnx} backend: {@link GuidedRestorer} over {@link OnnxAsffnetNetwork}, with the options'
 * selector and aligner (default: weighted affine distance, MLS) and the shared face front end
 * ({@link FaceFrontEnd}) for photos and crops without landmarks. With the embedded model, large faces go to the
 * embedded 256x256 model ({@link RestorerOptions#largeFaceModel()}). A model file that is a {@code .pth} or an
 * ASFFNet512 ONNX file selects the authors' ASFFNet512 profile ({@link Asffnet512Profile}).
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
        var asffnet512 = options.modelFile().flatMap(f -> Asffnet512OnnxNetwork.openIfProfile(f, options));
        if (asffnet512.isPresent()) {
            FaceFrontEnd face = face(asffnet512.get(), options);
            return Asffnet512Profile.restorer(asffnet512.get(), options, face.faceDetector(), face, name());
        }
        FaceFrontEnd face = new FaceFrontEnd(options.threads());
        LargeFaceModel large = LargeFaceModel.embedded(options, PackagedModels.LARGE_FACE_SIZE,
                () -> OnnxAsffnetNetwork.openEmbedded(PackagedModels.ASFFNET_256_ONNX, options));
        return GuidedRestorer.create(OnnxAsffnetNetwork.open(options), options, face.faceDetector(), face, name(), BATCH,
                large);
    }

    /** The face front end for the ASFFNet512 profile; closes {@code network} if it cannot be built. */
    private static FaceFrontEnd face(Asffnet512OnnxNetwork network, RestorerOptions options) {
        try {
            return new FaceFrontEnd(options.threads());
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }
}
