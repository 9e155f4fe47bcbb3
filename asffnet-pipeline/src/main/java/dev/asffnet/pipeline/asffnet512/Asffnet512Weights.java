package dev.asffnet.pipeline.asffnet512;

import dev.asffnet.api.ModelLoadException;
import dev.asffnet.formats.pth.PthReader;
import dev.asffnet.formats.pth.SeededWeights;
import dev.asffnet.formats.pth.SpectralNorm;
import dev.asffnet.formats.pth.StateDict;
import dev.asffnet.formats.pth.StateDictSpec;
import dev.asffnet.formats.pth.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The weights of the authors' ASFFNet512 (23,625,939 parameters; 599 state-dict entries, 149 spectral-norm
 * convolutions): strict loading against the release's key list and spectral-norm folding, giving the plain
 * tensors every engine runs ({@code P.weight}, {@code P.bias}, named after the state-dict keys).
 */
public final class Asffnet512Weights {
    /** Native side of the released model. */
    public static final int SIZE = 512;
    /** Seed of the parity fixture's weights (../shared/fixtures/asffnet512). */
    public static final long FIXTURE_SEED = 20261129L;
    private static final String SPEC = "asffnet512-state-dict.tsv";

    private Asffnet512Weights() {
    }

    /** @return the 599 keys and shapes of ASFFNet512.pth's {@code params}, in state-dict order */
    public static StateDictSpec spec() {
        try (InputStream in = Asffnet512Weights.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new ModelLoadException("resource " + SPEC + " missing from asffnet-pipeline");
            }
            return StateDictSpec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read resource " + SPEC + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells a checkpoint by its file name.
     *
     * @param file a model file
     * @return whether {@code file} is a PyTorch checkpoint by name ({@code .pth}, {@code .pt})
     */
    public static boolean isCheckpoint(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".pth") || n.endsWith(".pt");
    }

    /**
     * Reads ASFFNet512.pth (tensors under {@code params}, or a plain state dict), checks every key and shape
     * strictly and folds spectral norm.
     *
     * @param pth the checkpoint
     * @return the folded weights in state-dict order
     * @throws ModelLoadException naming the problem (not a zip checkpoint, forbidden pickle content, the first
     *     missing, unexpected or mis-shaped key)
     */
    public static Map<String, Tensor> load(Path pth) {
        return fold(PthReader.read(pth), "ASFFNet512 checkpoint " + pth);
    }

    /**
     * The fixture's portable seeded weights, folded.
     *
     * @param seed the seed, e.g. {@link #FIXTURE_SEED}
     * @return the folded weights in state-dict order
     */
    public static Map<String, Tensor> seeded(long seed) {
        return fold(SeededWeights.generate(spec(), seed), "seeded ASFFNet512 weights");
    }

    /**
     * Strict check against {@link #spec()}, then {@link SpectralNorm#fold}.
     *
     * @param sd the loaded tensors
     * @param what names the file and model in messages
     * @return the folded weights in state-dict order
     * @throws ModelLoadException naming the first missing, unexpected or mis-shaped key, or a spectral-norm
     *     convolution without its buffers
     */
    public static Map<String, Tensor> fold(StateDict sd, String what) {
        spec().check(sd, what);
        return SpectralNorm.fold(sd);
    }
}
