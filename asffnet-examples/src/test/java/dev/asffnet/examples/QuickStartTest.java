package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asffnet.api.FaceImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's quick start, compiled verbatim from README.md against the library and run on both engines
 * with a real photo and exemplars of the same person (../shared data; skipped when absent).
 */
class QuickStartTest {
    /** The first java code block after the "## Quick start" heading. */
    static String snippet() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf("## Quick start");
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(at >= 0 && start > at && end > start, "README has a java block under '## Quick start'");
        return readme.substring(start, end);
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "tf"})
    void readmeQuickStartCompilesAndRestoresAPhoto(String backend, @TempDir Path dir) throws Exception {
        Path identity = Path.of("../../shared/data/celeba-faces/7206");
        assumeTrue(Files.isDirectory(identity), "shared face data absent: " + identity.toAbsolutePath());
        Path src = dir.resolve("QuickStart.java");
        Files.writeString(src, snippet());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "the README snippet does not compile:\n" + err.toString(StandardCharsets.UTF_8));

        List<Path> photos;
        try (Stream<Path> s = Files.list(identity)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(4).toList();
        }
        Path out = dir.resolve("restored.png");
        List<String> args = new ArrayList<>(List.of(backend, photos.get(0).toString(), out.toString()));
        photos.subList(1, photos.size()).forEach(p -> args.add(p.toString()));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        FaceImage in = FaceImage.read(photos.get(0));
        FaceImage result = FaceImage.read(out);
        assertEquals(in.width(), result.width());
        assertEquals(in.height(), result.height());
        String said = printed.toString(StandardCharsets.UTF_8);
        System.out.print(backend + ": " + said);
        assertTrue(photos.subList(1, photos.size()).stream().anyMatch(p -> said.contains("guided by " + p)),
                "prints the chosen exemplar: " + said);
    }
}
