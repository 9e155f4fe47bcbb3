package dev.asffnet.examples;

import dev.asffnet.onnx.Asffnet512Convert;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convert}: the authors' ASFFNet512 checkpoint as one standalone ONNX file (spectral norm folded),
 * which both the CLI ({@code --model}) and ONNX Runtime load faster than the {@code .pth}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Converts ASFFNet512.pth to a standalone ONNX file.", "Reads the authors' ASFFNet512"
            + " checkpoint (a restricted reader: tensors only, no code runs), folds spectral norm and writes"
            + " DIR/<name>.onnx (about 95 MB), which --model accepts like the .pth."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE.pth", description = "The authors' ASFFNet512 checkpoint.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path to;

    @Override
    public Integer call() throws IOException {
        Path target = to.resolve(from.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".onnx");
        OutputGuard.check(List.of(new OutputGuard.Output(target, "--to")), List.of(new OutputGuard.Guarded(from, "the checkpoint")),
                List.of());
        Path out = Asffnet512Convert.convert(from, to);
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }
}
