package dev.asffnet.tf;

import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.RestorerProvider;
import dev.asffnet.core.GuidedRestorer;
import dev.asffnet.core.PackagedModel;
import dev.asffnet.geometry.LandmarkWeights;

/**
 * The {@code tf} backend: {@link GuidedRestorer} over {@link TfAsffnetNetwork}, selecting guidance with the
 * landmark weights the options name (default: the packaged ones). The model file option names the
 * {@code .weights} file (its {@code .json} config beside it); the device option follows
 * {@link RestorerOptions.Device}: the default TensorFlow natives are CPU-only, so CUDA falls back to the CPU
 * with one warning and CUDA_STRICT fails unless the {@code -Pgpu} natives find a GPU.
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
        TfAsffnetNetwork network = TfAsffnetNetwork.open(options);
        try {
            LandmarkWeights weights = PackagedModel.landmarkWeights(options);
            return new GuidedRestorer(network, weights, null, name(), BATCH);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
