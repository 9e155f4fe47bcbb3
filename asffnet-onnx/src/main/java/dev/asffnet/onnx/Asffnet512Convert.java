package dev.asffnet.onnx;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts the authors' ASFFNet512.pth into one standalone ONNX file (opset 17, spectral norm folded,
 * about 95 MB) that ONNX Runtime, or any ONNX consumer, loads without this library; the {@code onnx}
 * backend recognises it by its inputs and runs it with the ASFFNet512 profile.
 * {@code java -cp asffnet-cli.jar dev.asffnet.onnx.Asffnet512Convert --from ASFFNet512.pth --to DIR}.
 */
public final class Asffnet512Convert {
    private Asffnet512Convert() {
    }

    /**
     * Writes the standalone ONNX file of a checkpoint.
     *
     * @param pth the checkpoint
     * @param dir the output folder (created if needed)
     * @return the written file, {@code DIR/<pth name>.onnx}
     * @throws ModelLoadException if the checkpoint cannot be loaded
     * @throws IOException if the file cannot be written
     */
    public static Path convert(Path pth, Path dir) throws IOException {
        byte[] model = Asffnet512OnnxNetwork.standaloneModel(Asffnet512Weights.load(pth));
        Files.createDirectories(dir);
        String stem = pth.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path out = dir.resolve(stem + ".onnx");
        dev.asffnet.formats.AtomicFiles.write(out, o -> o.write(model));
        return out;
    }
}
