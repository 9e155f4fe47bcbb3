package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.RestorerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's usage and safety rules, checked without running a model: help and version, usage errors,
 * and the refusal of output paths that would destroy an input (before anything is written).
 */
class CliArgumentsTest {
    @TempDir
    Path dir;

    private static final List<String> COMMANDS = List.of("restore", "demo", "evaluate", "fit-weights", "prepare-data");

    private static String[] args(String command, String... rest) {
        return Stream.concat(command.isEmpty() ? Stream.empty() : Stream.of(command), Stream.of(rest))
                .toArray(String[]::new);
    }

    @Test
    void folderModeSharesTheProcessorsAmongFramesInFlightUnlessThreadsAreGiven() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, cores / RestoreCommand.FRAMES_IN_FLIGHT),
                RestoreCommand.framesInFlightThreads(RestorerOptions.defaults()).threads());
        RestorerOptions three = RestorerOptions.defaults().withThreads(3).withLargeFaceModel(false);
        assertEquals(three, RestoreCommand.framesInFlightThreads(three));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "restore", "demo", "evaluate", "fit-weights", "prepare-data"})
    void helpAndVersionExitZeroOnEveryCommand(String command) {
        for (String h : List.of("-h", "--help")) {
            Cli r = Cli.run(args(command, h));
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith("Usage: asffnet-cli" + (command.isEmpty() ? "" : " " + command)), r.toString());
            assertTrue(r.out().contains("--verbose"), r.toString());
        }
        for (String v : List.of("-V", "--version")) {
            Cli r = Cli.run(args(command, v));
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().matches("asffnet-cli \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), r.toString());
        }
    }

    @Test
    void everyOptionIsDocumented() {
        for (String c : COMMANDS) {
            String help = Cli.run(c, "--help").out();
            picocli.CommandLine cl = new picocli.CommandLine(new Main()).getSubcommands().get(c);
            cl.getCommandSpec().options().forEach(o -> {
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), c + " " + o.longestName());
                String shown = o.negatable() ? "--[no-]" + o.longestName().substring(2) : o.longestName();
                assertTrue(help.contains(shown), c + " help lacks " + shown);
            });
        }
        String evaluate = Cli.run("evaluate", "--help").out();
        for (String o : List.of("--split", "--ablations", "--unguided-model")) {
            assertTrue(evaluate.contains(o), o);
        }
    }

    @Test
    void unknownOptionsAndMissingValuesExitTwoWithUsageOnStderr() {
        Cli unknown = Cli.run("restore", "--input", "a.jpg", "--exemplars", "ex", "--output", "b.png", "--bogus");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.toString());
        assertTrue(unknown.err().contains("Usage: asffnet-cli restore"), unknown.toString());
        assertEquals("", unknown.out());

        Cli missing = Cli.run("restore", "--exemplars", "ex", "--output", "b.png", "--input");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("Missing required parameter for option '--input'"), missing.toString());
        assertTrue(missing.err().contains("Usage:"), missing.toString());

        Cli notANumber = Cli.run("demo", "--output", dir.toString(), "--scale", "four");
        assertEquals(2, notANumber.code(), notANumber.toString());
        assertTrue(notANumber.err().contains("--scale"), notANumber.toString());

        Cli device = Cli.run("demo", "--output", dir.toString(), "--device", "gpu");
        assertEquals(2, device.code(), device.toString());
        assertTrue(device.err().contains("expected cpu, cuda or cuda-strict, got 'gpu'"), device.toString());

        Cli noCommand = Cli.run();
        assertEquals(2, noCommand.code(), noCommand.toString());
        assertTrue(noCommand.err().contains("missing command"), noCommand.toString());

        Cli unknownCommand = Cli.run("restor");
        assertEquals(2, unknownCommand.code(), unknownCommand.toString());
    }

    @Test
    void anOptionWithoutItsValueNeverBecomesTrue() {
        // --output needs a value: "--output --overwrite" must not make a file called "true" or "--overwrite"
        Cli r = Cli.run("fit-weights", "--tuples", "t.csv", "--output");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Missing required parameter for option '--output'"), r.toString());
        assertFalse(Files.exists(Path.of("true")));
    }

    /** An input image, an exemplar folder with one image, and an output folder that does not exist yet. */
    private Path input() throws IOException {
        Path ex = Files.createDirectories(dir.resolve("exemplars"));
        FaceImage.of(2, 2, new float[12]).write(ex.resolve("e.png"));
        Path x = dir.resolve("x.jpg");
        Files.write(x, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4});
        return x;
    }

    private List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void restoringOntoTheInputIsRefusedAndLeavesItByteIdentical() throws IOException {
        Path x = input();
        byte[] before = Files.readAllBytes(x);
        List<Path> files = listing(dir);
        String ex = dir.resolve("exemplars").toString();
        for (String out : List.of(x.toString(), dir.resolve("sub/../x.jpg").toString())) {
            for (List<String> extra : List.of(List.<String>of(), List.of("--overwrite"))) {
                List<String> a = new java.util.ArrayList<>(List.of("restore", "--input", x.toString(), "--exemplars", ex,
                        "--output", out));
                a.addAll(extra);
                Cli r = Cli.run(a.toArray(String[]::new));
                assertEquals(2, r.code(), r.toString());
                assertTrue(r.err().contains("is the input image"), r.toString());
                assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r);
            }
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.jpg"), x);
        Cli viaLink = Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output", link.toString());
        assertEquals(2, viaLink.code(), viaLink.toString());
        Files.delete(link);
        assertArrayEquals(before, Files.readAllBytes(x));
        assertEquals(files, listing(dir), "nothing written");
    }

    @Test
    void outputsIntoTheExemplarsOrAsTheSheetOfTheOutputAreRefused() throws IOException {
        Path x = input();
        String ex = dir.resolve("exemplars").toString();
        Cli exemplar = Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output",
                dir.resolve("exemplars/e.png").toString(), "--overwrite");
        assertEquals(2, exemplar.code(), exemplar.toString());
        assertTrue(exemplar.err().contains("is the exemplar image"), exemplar.toString());
        Cli inside = Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output",
                dir.resolve("exemplars/new.png").toString());
        assertEquals(2, inside.code(), inside.toString());
        assertTrue(inside.err().contains("inside the exemplar folder"), inside.toString());
        Cli same = Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output",
                dir.resolve("r.png").toString(), "--sheet", dir.resolve("r.png").toString());
        assertEquals(2, same.code(), same.toString());
        assertTrue(same.err().contains("would both be written to"), same.toString());
    }

    @Test
    void anExistingFolderOrDeviceAsOutputIsRefused() throws IOException {
        Path x = input();
        String ex = dir.resolve("exemplars").toString();
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Cli r = Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output", folder.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is not a regular file"), r.toString());
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
        for (String flag : List.of("--output", "--sheet")) {
            Cli d = flag.equals("--output")
                    ? Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output", "/dev/null", "--overwrite")
                    : Cli.run("restore", "--input", x.toString(), "--exemplars", ex, "--output",
                            dir.resolve("r.png").toString(), "--sheet", "/dev/null", "--overwrite");
            assertEquals(2, d.code(), d.toString());
            assertTrue(d.err().contains("/dev/null exists and is not a regular file"), d.toString());
        }
        assertFalse(Files.exists(dir.resolve("r.png")));
    }

    @Test
    void aFolderRunIntoItsOwnInputFolderIsRefused() throws IOException {
        input();
        Path frames = Files.createDirectories(dir.resolve("frames"));
        FaceImage.of(2, 2, new float[12]).write(frames.resolve("f1.png"));
        List<Path> before = listing(dir);
        String ex = dir.resolve("exemplars").toString();
        for (Path out : List.of(frames, frames.resolve("restored"), dir.resolve("frames/./"))) {
            Cli r = Cli.run("restore", "--input", frames.toString(), "--exemplars", ex, "--output", out.toString());
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("error: --output " + out) && r.err().contains("the input folder " + frames),
                    r.toString());
        }
        Cli sheets = Cli.run("restore", "--input", frames.toString(), "--exemplars", ex, "--output",
                dir.resolve("out").toString(), "--sheet", frames.toString());
        assertEquals(2, sheets.code(), sheets.toString());
        assertTrue(sheets.err().startsWith("error: --sheet " + frames + " is the input folder"), sheets.toString());
        assertEquals(before, listing(dir), "nothing written");
    }

    @Test
    void twoFramesWithOneOutputNameAreRefusedBeforeAnythingIsWritten() throws IOException {
        input();
        Path frames = Files.createDirectories(dir.resolve("frames"));
        FaceImage.of(2, 2, new float[12]).write(frames.resolve("a.jpg"));
        FaceImage.of(2, 2, new float[12]).write(frames.resolve("a.png"));
        Path out = dir.resolve("out");
        Cli r = Cli.run("restore", "--input", frames.toString(), "--exemplars", dir.resolve("exemplars").toString(),
                "--output", out.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("output of frame a.jpg and output of frame a.png would both be written to "
                + out.resolve("a.png")), r.toString());
        assertFalse(Files.exists(out), "nothing written, not even the output folder");
    }

    @Test
    void anEmptyInputFolderAndMissingFilesAreBadInputOnOneLine() throws IOException {
        input();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");
        String ex = dir.resolve("exemplars").toString();
        Cli r = Cli.run("restore", "--input", empty.toString(), "--exemplars", ex, "--output", dir.resolve("o").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: the input folder " + empty + " has no images"), r.toString());

        Cli missing = Cli.run("restore", "--input", dir.resolve("nope.jpg").toString(), "--exemplars", ex, "--output",
                dir.resolve("o.png").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertEquals(1, missing.err().lines().count(), missing.toString());
        assertTrue(missing.err().contains("nope.jpg"), missing.toString());

        Cli verbose = Cli.run("restore", "--verbose", "--input", dir.resolve("nope.jpg").toString(), "--exemplars", ex,
                "--output", dir.resolve("o.png").toString());
        assertEquals(2, verbose.code(), verbose.toString());
        assertTrue(verbose.err().lines().count() > 3 && verbose.err().contains("\tat dev.asffnet."), verbose.toString());

        Cli tuples = Cli.run("fit-weights", "--tuples", dir.resolve("missing.csv").toString());
        assertEquals(2, tuples.code(), tuples.toString());
        assertTrue(tuples.err().startsWith("error: no such file or folder: " + dir.resolve("missing.csv")),
                tuples.toString());
    }

    @Test
    void aModelFileTheUserGaveThatDoesNotLoadIsBadInput() throws IOException {
        Path x = input();
        Path model = dir.resolve("missing.onnx");
        Cli r = Cli.run("restore", "--input", x.toString(), "--exemplars", dir.resolve("exemplars").toString(),
                "--output", dir.resolve("r.png").toString(), "--model", model.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().contains(model.toString()) && r.err().contains("--model"), r.toString());
        assertFalse(Files.exists(dir.resolve("r.png")));
    }

    @Test
    void anExistingOutputOfASingleImageNeedsOverwrite() throws IOException {
        Path x = input();
        Path out = dir.resolve("old-result.png");
        Files.writeString(out, "an earlier result");
        Cli r = Cli.run("restore", "--input", x.toString(), "--exemplars", dir.resolve("exemplars").toString(),
                "--output", out.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("exists; pass --overwrite"), r.toString());
        assertEquals("an earlier result", Files.readString(out));
    }

    @Test
    void foldersListImagesByTheOneListOfExtensionsIncludingJfif() throws IOException {
        Path f = Files.createDirectories(dir.resolve("f"));
        for (String n : List.of("a.jfif", "b.JPG", "c.png", "d.txt", ".c.png.x1.tmp", "e.jpeg", "noext")) {
            Files.writeString(f.resolve(n), "x");
        }
        assertEquals(List.of("a.jfif", "b.JPG", "c.png", "e.jpeg"),
                FaceInputs.images(f).stream().map(p -> p.getFileName().toString()).toList());
    }
}
