package dev.asffnet.tf;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.models.PackagedModels;
import dev.asffnet.pipeline.GuidedRestorer;
import dev.asffnet.pipeline.LargeFaceModel;
import dev.asffnet.pipeline.asffnet512.Asffnet512Profile;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;

/**
 * The {@code tf} backend: {@link GuidedRestorer} over {@link TfAsffnetNetwork}, with the options' selector
 * and aligner and the same face front end as the {@code onnx} backend ({@link FaceFrontEnd}). The model
 * file option names the {@code .weights} file, its {@code .json} config beside it (without one, large faces go
 * to the embedded 256x256 model, {@link RestorerOptions#largeFaceModel()}); the device option
 * follows {@link RestorerOptions.Device}: the default TensorFlow natives are CPU-only, so CUDA falls back
 * to the CPU with one warning and CUDA_STRICT fails unless GPU natives find a GPU. A {@code .pth} model file
 * selects the authors' ASFFNet512 ({@link TfAsffnet512Network}, {@link Asffnet512Profile}).
 */
public final class TfRestorerProvider implements RestorerProvider {
    /** Faces per network call in batched restoration. */
    static final int BATCH = 4;

    @Override
    public String name() {
        return "tf";
    }

    @Override
    public Restorer open(RestorerOptions options) {
        if (options.modelFile().filter(Asffnet512Weights::isCheckpoint).isPresent()) {
            TfAsffnet512Network net = TfAsffnet512Network.open(options.modelFile().get(), options.device(),
                    options.threads());
            FaceFrontEnd face;
            try {
                face = new FaceFrontEnd(options.threads());
            } catch (RuntimeException | Error e) {
                net.close();
                throw e;
            }
            return Asffnet512Profile.restorer(net, options, face.faceDetector(), face, name());
        }
        FaceFrontEnd face = new FaceFrontEnd(options.threads());
        LargeFaceModel large = LargeFaceModel.embedded(options, PackagedModels.LARGE_FACE_SIZE, () -> TfAsffnetNetwork
                .openEmbedded(PackagedModels.ASFFNET_256_WEIGHTS, PackagedModels.ASFFNET_256_CONFIG, options));
        return GuidedRestorer.create(TfAsffnetNetwork.open(options), options, face.faceDetector(), face, name(), BATCH,
                large);
    }
}
