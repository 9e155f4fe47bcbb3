package dev.asffnet.examples;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The engine options shared by {@code restore}, {@code demo} and {@code evaluate} (a picocli mixin). */
final class EngineOptions {
    @Option(names = "--backend", paramLabel = "onnx|tf", defaultValue = "onnx",
            description = "Inference engine: onnx (ONNX Runtime) or tf (TensorFlow Java). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--model", paramLabel = "FILE.onnx",
            description = "ASFFNet model file instead of the packaged default model (tf reads the .weights and .json"
                    + " files of the same name beside it).")
    Path model;

    @Option(names = "--device", paramLabel = "cpu|cuda|cuda-strict", defaultValue = "cpu",
            converter = DeviceConverter.class,
            description = "Where inference runs: cpu, cuda (falls back to the CPU with a warning) or cuda-strict"
                    + " (fails without CUDA). Default: ${DEFAULT-VALUE}.")
    RestorerOptions.Device device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Intra-op threads of the engine and the face nets; 0: one per available processor"
                    + " (for a folder, the processors shared among the two frames restored at a time)."
                    + " Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--landmark-weights", paramLabel = "FILE.txt",
            description = "68 guidance-selection landmark weights (Eqn 2), as fit-weights writes them;"
                    + " default: the packaged (uniform) weights.")
    Path landmarkWeights;

    @Option(names = "--large-face-model", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With the packaged model, restore faces whose canonical crop spans about 256 pixels or more"
                    + " with the packaged 256x256 model (--no-large-face-model: every face at 128x128). Default: on.")
    boolean largeFaceModel;

    /** The library options these flags describe. */
    RestorerOptions options() {
        if (threads < 0) {
            throw new InvalidInputException("--threads must be 0 (one per available processor) or more, got " + threads);
        }
        RestorerOptions o = RestorerOptions.defaults().withThreads(threads).withDevice(device)
                .withLargeFaceModel(largeFaceModel);
        if (model != null) {
            o = o.withModelFile(model);
        }
        if (landmarkWeights != null) {
            o = o.withLandmarkWeightsFile(landmarkWeights);
        }
        return o;
    }

    /** Opens the engine with these options. */
    Restorer open() {
        return open(options());
    }

    /**
     * Opens the engine with {@code o}; a model or weights file the user gave that cannot be loaded is bad
     * input ({@link InvalidInputException}, exit code 2), not an internal error.
     */
    Restorer open(RestorerOptions o) {
        try {
            return Restorers.open(backend, o);
        } catch (ModelLoadException e) {
            if (o.modelFile().isPresent() || o.landmarkWeightsFile().isPresent()) {
                throw new InvalidInputException(e.getMessage() + " (check the file given with --model, --landmark-weights,"
                        + " --unguided-model or --ablations)", e);
            }
            throw e;
        }
    }

    /** {@code cpu}, {@code cuda}, {@code cuda-strict}. */
    static final class DeviceConverter implements ITypeConverter<RestorerOptions.Device> {
        @Override
        public RestorerOptions.Device convert(String value) {
            return switch (value) {
                case "cpu" -> RestorerOptions.Device.CPU;
                case "cuda" -> RestorerOptions.Device.CUDA;
                case "cuda-strict" -> RestorerOptions.Device.CUDA_STRICT;
                default -> throw new TypeConversionException("expected cpu, cuda or cuda-strict, got '" + value + "'");
            };
        }
    }
}
