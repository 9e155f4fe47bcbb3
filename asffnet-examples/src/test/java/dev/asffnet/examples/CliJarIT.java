package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code asffnet-cli.jar}, copied alone into an empty folder, runs: version, help and a usage
 * error with their exit codes, and a restore with the packaged models and both engines' services inside.
 * Runs after {@code package} (failsafe), since the jar does not exist during unit tests.
 */
class CliJarIT {
    private record Run(int exit, String output) {
    }

    private static Run java(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "asffnet-cli.jar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + cmd);
        return new Run(p.exitValue(), out);
    }

    @Test
    void theJarCopiedAloneRuns(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("asffnet.cli.jar", "target/asffnet-cli.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath());
        Files.copy(jar, dir.resolve("asffnet-cli.jar"));
        Run v = java(dir, "--version");
        assertEquals(0, v.exit(), v.output());
        assertTrue(v.output().startsWith("asffnet-cli "), v.output());
        Run help = java(dir, "restore", "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("--exemplars"), help.output());
        Run bad = java(dir, "restore", "--no-such-option");
        assertEquals(2, bad.exit(), bad.output());
        Path identity = Path.of("../../shared/data/celeba-faces/7206").toAbsolutePath().normalize();
        if (Files.isDirectory(identity)) {           // both engines' services and the models are inside the jar
            Path demo = dir.resolve("demo");
            for (String backend : List.of("onnx", "tf")) {
                Run r = java(dir, "demo", "--backend", backend, "--data", identity.getParent().toString(),
                        "--split", Path.of("../training/split.json").toAbsolutePath().normalize().toString(),
                        "--output", demo.resolve(backend).toString());
                assertEquals(0, r.exit(), r.output());
                assertTrue(Files.isRegularFile(demo.resolve(backend).resolve("sheet.png")), r.output());
            }
        }
    }
}
