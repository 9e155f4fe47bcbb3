package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.LandmarkFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
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
        return javaWith(dir, List.of(), args);
    }

    private static Run javaWith(Path dir, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", "asffnet-cli.jar"));
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

    /**
     * Issue 17: sixteen 4000x3000 exemplars (2.3 GB once decoded) fit a 700 MB heap, because the CLI keeps
     * only what alignment reads of each exemplar ({@code Restorer.prepare}) as soon as it is loaded.
     */
    @Test
    void sixteenHugeExemplarsFitASmallHeap(@TempDir Path dir) throws Exception {
        Path identity = Path.of("../../shared/data/celeba-faces/7206").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(identity), "shared data not present");
        Path jar = Path.of(System.getProperty("asffnet.cli.jar", "target/asffnet-cli.jar"));
        Files.copy(jar, dir.resolve("asffnet-cli.jar"));
        List<Path> photos;
        try (var s = Files.list(identity)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        LandmarkFiles stored = new LandmarkFiles();
        Path input = dir.resolve("input.jpg");
        Files.copy(photos.get(0), input);
        writeSidecar(dir.resolve("input.jpg.txt"), stored.find(photos.get(0)).orElseThrow());
        // one 4000x3000 JPEG holding a face about 1,500 px wide, copied 16 times with its landmarks
        BufferedImage face = ImageIO.read(photos.get(1).toFile());
        Landmarks l = stored.find(photos.get(1)).orElseThrow();
        double k = 1500.0 / face.getWidth();
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face, 1200, 700, 1500, (int) Math.round(face.getHeight() * k), null);
        g.dispose();
        Path ex = Files.createDirectories(dir.resolve("exemplars"));
        ImageIO.write(big, "jpg", ex.resolve("x00.jpg").toFile());
        Landmarks bigL = l.transformed(k, 0, 1200 + 0.5 * k - 0.5, 0, k, 700 + 0.5 * k - 0.5);
        for (int i = 0; i < 16; i++) {
            Path p = ex.resolve(String.format("x%02d.jpg", i));
            if (i > 0) {
                Files.copy(ex.resolve("x00.jpg"), p);
            }
            writeSidecar(ex.resolve(p.getFileName() + ".txt"), bigL);
        }
        Run r = javaWith(dir, List.of("-Xmx700m"), "restore", "--input", "input.jpg", "--exemplars", "exemplars",
                "--output", "out.png");
        assertEquals(0, r.exit(), r.output());
        assertTrue(Files.size(dir.resolve("out.png")) > 1000, r.output());
    }

    private static void writeSidecar(Path file, Landmarks l) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Landmarks.COUNT; i++) {
            sb.append(l.x(i)).append(' ').append(l.y(i)).append('\n');
        }
        Files.writeString(file, sb.toString());
    }
}
