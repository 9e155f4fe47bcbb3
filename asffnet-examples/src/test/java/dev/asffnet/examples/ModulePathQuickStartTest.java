package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.FaceImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start on the MODULE path: the asffnet jars (automatic modules named by their
 * {@code Automatic-Module-Name}) and their dependencies as modules, the program in the unnamed module, run in
 * a separate JVM with the onnx engine. The packaged models must load there too. Needs the packaged jars
 * ({@code mvn verify}); skipped under {@code mvn test}, where the reactor hands out class folders.
 */
class ModulePathQuickStartTest {
    /** The onnx engine's runtime closure: our modules and their third-party dependencies. */
    private static final Pattern MODULES = Pattern.compile("(asffnet-(api|formats|geometry|models|pipeline|face|onnx)"
            + "|onnxruntime|gson|guava|failureaccess|listenablefuture|jspecify|error_prone_annotations|j2objc-annotations"
            + "|ejml-core|ejml-ddense)"
            + "-[0-9].*\\.jar");

    @Test
    void quickStartRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        Path identity = Path.of("../../shared/data/celeba-faces/7206").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(identity), "shared face data absent: " + identity);
        List<String> modules = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> MODULES.matcher(Path.of(p).getFileName().toString()).matches()).toList();
        assumeTrue(modules.stream().filter(p -> p.contains("asffnet-")).count() == 7,
                "the asffnet modules are not packaged jars here (run mvn verify): " + modules);
        String modulePath = String.join(File.pathSeparator, modules);
        Path src = dir.resolve("QuickStart.java");
        Files.writeString(src, QuickStartTest.snippet());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        run(dir, javac, "-d", dir.toString(), "-p", modulePath, "--add-modules", "ALL-MODULE-PATH", src.toString());
        List<Path> photos;
        try (Stream<Path> s = Files.list(identity)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
        }
        Path out = dir.resolve("restored.png");
        List<String> cmd = new ArrayList<>(List.of(java, "-p", modulePath, "--add-modules", "ALL-MODULE-PATH", "-cp",
                dir.toString(), "QuickStart", "onnx", photos.get(0).toString(), out.toString()));
        photos.subList(1, photos.size()).forEach(p -> cmd.add(p.toString()));
        String said = run(dir, cmd.toArray(String[]::new));
        assertTrue(said.contains("guided by"), said);
        FaceImage in = FaceImage.read(photos.get(0));
        FaceImage result = FaceImage.read(out);
        assertEquals(in.width(), result.width());
        assertEquals(in.height(), result.height());
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + Arrays.stream(cmd).collect(Collectors.joining(" ")));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
