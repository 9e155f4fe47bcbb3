package dev.asffnet.pipeline;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.RestorerOptions;
import java.util.function.Supplier;

/**
 * A second network at a larger native size for faces that large in the photo: a face whose canonical crop
 * spans at least {@code size} photo pixels, less the 5% near-canonical tolerance, is restored by it, so its
 * output keeps that many pixels instead of being upsampled from the default network's 128x128. Opened on first
 * use.
 *
 * @param size the network's native side, larger than the default network's
 * @param open opens the network; called at most once per restorer, which closes what it returns
 */
public record LargeFaceModel(int size, Supplier<AsffnetNetwork> open) {
    /**
     * Checks the components.
     *
     * @param size the native side, a positive multiple of 4
     * @param open opens the network
     * @throws InvalidInputException if {@code open} is null or {@code size} is not a positive multiple of 4
     */
    public LargeFaceModel {
        if (open == null) {
            throw new InvalidInputException("open is null");
        }
        if (size < 4 || size % 4 != 0) {
            throw new InvalidInputException("a large-face model's size must be a positive multiple of 4, got " + size);
        }
    }

    /**
     * The embedded large-face network when the options want it: with the embedded model (no model file) and
     * {@link RestorerOptions#largeFaceModel()} on.
     *
     * @param options the user's options
     * @param size the embedded large network's native side
     * @param open opens it
     * @return the large-face model, or null (every face at the default network's size)
     */
    public static LargeFaceModel embedded(RestorerOptions options, int size, Supplier<AsffnetNetwork> open) {
        return options.modelFile().isEmpty() && options.largeFaceModel() ? new LargeFaceModel(size, open) : null;
    }
}
