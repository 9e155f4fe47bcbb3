package dev.asffnet.pipeline.asffnet512;

import dev.asffnet.api.Aligner;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.GuidanceSelector;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.geometry.asffnet512.AuthorsMls;
import dev.asffnet.geometry.asffnet512.LandmarkSquares;
import dev.asffnet.geometry.asffnet512.TwoGroupSelector;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.GuidedRestorer;

/**
 * The released ASFFNet512's pipeline as a model profile of {@link GuidedRestorer}: FFHQ-style 512 crops
 * (the canonical crop of {@code FaceAligner}: half-size {@code max(2 |eye-eye|, 1.8 |eye-mouth|)}, centre
 * eye midpoint + 0.1 eye-to-mouth), two-group selection ({@link TwoGroupSelector}), the 51-point inverse
 * MLS ({@link AuthorsMls}), landmark squares ({@link LandmarkSquares}), one face per network call, and
 * paste-back into the photo as for the default model. The options' selector or aligner, when given,
 * replace the released ones. The network takes and returns [0,1] images; engines convert to the
 * release's [-1,1] and its align-corners=False grid.
 */
public final class Asffnet512Profile {
    private Asffnet512Profile() {
    }

    /**
     * The restorer of an engine running ASFFNet512.
     *
     * @param network the engine's ASFFNet512 network (size 512); closed with the restorer, also on failure
     * @param options the user's options; their selector and aligner, when given, replace the released ones
     * @param faces the face front end's detector, or null
     * @param landmarks the face front end's landmark net, or null
     * @param backend the engine's name
     * @return the restorer
     */
    public static GuidedRestorer restorer(AsffnetNetwork network, RestorerOptions options, FaceDetector faces,
            LandmarkDetector landmarks, String backend) {
        try {
            GuidanceSelector sel = options.selector().orElseGet(TwoGroupSelector::new);
            Aligner al = options.aligner().orElseGet(AuthorsMls::new);
            return new GuidedRestorer(network, sel, al, LandmarkSquares::draw, faces, landmarks, backend, 1);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }
}
