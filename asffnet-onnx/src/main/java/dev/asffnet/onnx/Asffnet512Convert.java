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
        Files.write(out, model);
        return out;
    }

    /** {@code --from FILE.pth --to DIR}. */
    public static void main(String[] argv) throws IOException {
        Path from = null;
        Path to = null;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--from" -> from = Path.of(argv[i + 1]);
                case "--to" -> to = Path.of(argv[i + 1]);
                default -> throw new InvalidInputException("unknown option " + argv[i] + "; usage: --from FILE.pth --to DIR");
            }
        }
        if (from == null || to == null || argv.length % 2 != 0) {
            throw new InvalidInputException("usage: convert --from ASFFNet512.pth --to DIR");
        }
        long t0 = System.nanoTime();
        Path out = convert(from, to);
        System.out.printf(java.util.Locale.ROOT, "wrote %s (%.1f MB) in %.1f s%n", out, Files.size(out) / 1e6,
                (System.nanoTime() - t0) / 1e9);
    }
}
