package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.ImageReadException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.RestorerClosedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad and unusual inputs: no face, tiny images and faces, grey and CMYK JPEGs, corrupt files and models. */
class BadInputTest {
    private static FaceAnalyzer analyzer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        analyzer = new FaceAnalyzer();
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    static FaceImage uniform(int w, int h, float v) {
        float[] d = new float[3 * w * h];
        Arrays.fill(d, v);
        return FaceImage.of(w, h, d);
    }

    @Test
    void uniformGreyHasNoFace() {
        assertEquals(List.of(), analyzer.detector().detect(uniform(640, 480, 0.5f)));
        assertEquals(List.of(), analyzer.analyze(uniform(300, 300, 0.5f)));
        NoFaceFoundException e = assertThrows(NoFaceFoundException.class, () -> analyzer.analyzeBest(uniform(300, 300, 0.5f)));
        assertTrue(e.getMessage().contains("no face"), e.getMessage());
    }

    @Test
    void nullAndTinyImagesAreRejected() {
        assertThrows(InvalidInputException.class, () -> analyzer.detector().detect(null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> analyzer.detector().detect(uniform(8, 8, 0.5f)));
        assertTrue(e.getMessage().contains("8x8"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> analyzer.landmarkDetector().detect(null));
        assertThrows(InvalidInputException.class, () -> analyzer.landmarkDetector().detect(uniform(2, 2, 0.5f)));
        assertThrows(InvalidInputException.class, () -> analyzer.embedder().embed(uniform(3, 3, 0.5f)));
        assertThrows(InvalidInputException.class, () -> analyzer.embedder().embed(null));
    }

    @Test
    void boxesOutsideTheImageAreRejected() {
        FaceImage img = uniform(100, 100, 0.3f);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> analyzer.landmarkDetector().detect(img, new FaceBox(200, 200, 50, 50, 1)));
        assertTrue(e.getMessage().contains("face box"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> analyzer.landmarkDetector().detect(img, new FaceBox(Double.NaN, 0, 50, 50, 1)));
        assertThrows(InvalidInputException.class, () -> analyzer.landmarkDetector().detect(img, null));
        // partly outside: clipped like face-api, still answers
        Landmarks lm = analyzer.landmarkDetector().detect(img, new FaceBox(-20, -20, 80, 80, 1));
        assertEquals(68, lm.toArray().length / 2);
    }

    @Test
    void tinyFacesAreSkippedByTheAnalyzer() throws IOException {
        Path celeba = TestData.celeba();
        FaceImage face = FaceImage.read(firstImage(celeba));
        // a 24 px face in a 400 px grey photo
        FaceImage small = FaceImage.fromBufferedImage(scaledInto(face.toBufferedImage(), 24, 400));
        for (FaceBox b : analyzer.detector().detect(small)) {
            assertTrue(b.width() < FaceAnalyzer.DEFAULT_MIN_FACE_SIDE, "a 24 px face gives a small box: " + b);
        }
        assertEquals(List.of(), analyzer.analyze(small));
        assertThrows(NoFaceFoundException.class, () -> analyzer.analyzeBest(small));
    }

    @Test
    void greyscaleJpegWorks() throws IOException {
        Path celeba = TestData.celeba();
        BufferedImage src = ImageIO.read(firstImage(celeba).toFile());
        BufferedImage grey = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(src, 0, 0, null);
        Path file = tmp.resolve("grey.jpg");
        assertTrue(ImageIO.write(grey, "jpg", file.toFile()));
        FaceImage img = FaceImage.read(file);
        assertEquals(img.get(0, 10, 10), img.get(2, 10, 10), 0f, "grey decodes to equal RGB");
        FaceAnalyzer.Face f = analyzer.analyzeBest(img);
        FaceAnalyzer.Face colour = analyzer.analyzeBest(FaceImage.read(firstImage(celeba)));
        assertTrue(dev.asffnet.api.FaceEmbedder.cosine(f.embedding(), colour.embedding()) > 0.9,
                "grey and colour versions of a face have close embeddings");
    }

    /**
     * A CMYK JPEG (written by PIL). The API documents ImageReadException for CMYK, but the JDK 17 ImageIO
     * here decodes this (Adobe-marker, non-YCCK) CMYK file and converts it to RGB: we accept either a clear
     * ImageReadException naming CMYK or a successful decode with the right colours.
     */
    @Test
    void cmykJpegReadsOrFailsClearly() throws URISyntaxException {
        Path file = Path.of(BadInputTest.class.getResource("cmyk.jpg").toURI());
        try {
            FaceImage img = FaceImage.read(file);
            // top-left is C=2, M=2, Y=253 (yellow), bottom-right C=253, M=253, Y=2 (blue)
            assertTrue(img.get(0, 0, 0) > 0.7 && img.get(1, 0, 0) > 0.7 && img.get(2, 0, 0) < 0.3, "yellow corner");
            assertTrue(img.get(2, 47, 47) > 0.7 && img.get(0, 47, 47) < 0.3, "blue corner");
            assertEquals(List.of(), analyzer.detector().detect(img));
        } catch (ImageReadException e) {
            assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
        }
    }

    @Test
    void corruptAndMissingImages() throws IOException {
        Path bad = tmp.resolve("corrupt.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0});
        ImageReadException e = assertThrows(ImageReadException.class, () -> FaceImage.read(bad));
        assertTrue(e.getMessage().contains("corrupt.jpg"), e.getMessage());
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThrows(ImageReadException.class, () -> FaceImage.read(text));
        assertThrows(ImageReadException.class, () -> FaceImage.read(tmp.resolve("missing.jpg")));
    }

    @Test
    void missingCorruptOrWrongModels() throws IOException {
        ModelLoadException missing = assertThrows(ModelLoadException.class,
                () -> new OnnxFaceDetector(tmp.resolve("none.onnx"), 0.5, 10, 1));
        assertTrue(missing.getMessage().contains("none.onnx"), missing.getMessage());
        ModelLoadException resource = assertThrows(ModelLoadException.class,
                () -> FaceNets.open(null, "no_such_model.onnx", "test model", 1, 112, "x"));
        assertTrue(resource.getMessage().contains("class path"), resource.getMessage());
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, "definitely not a protobuf".getBytes());
        assertThrows(ModelLoadException.class, () -> new OnnxLandmarkDetector(junk, 1));
        // a valid ONNX model with the wrong input: the landmark model offered as the embedder
        Path lm = tmp.resolve("lm.onnx");
        try (var in = FaceNets.class.getResourceAsStream(FaceNets.RESOURCE_DIR + OnnxLandmarkDetector.RESOURCE)) {
            Files.write(lm, in.readAllBytes());
        }
        ModelLoadException wrong = assertThrows(ModelLoadException.class, () -> new OnnxFaceEmbedder(lm, 1));
        assertTrue(wrong.getMessage().contains("150"), wrong.getMessage());
    }

    static Path firstImage(Path celeba) throws IOException {
        try (Stream<Path> s = Files.walk(celeba)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
    }

    static BufferedImage scaledInto(BufferedImage face, int faceSide, int canvas) {
        BufferedImage out = new BufferedImage(canvas, canvas, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, canvas, canvas);
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        // the celeba crop is 2x the face: draw it at twice the wanted face side
        g.drawImage(face, canvas / 3, canvas / 3, 2 * faceSide, 2 * faceSide, null);
        g.dispose();
        return out;
    }

    @Test
    void detectionBoxesAreInsideTheImage() throws IOException {
        Path celeba = TestData.celeba();
        FaceImage img = FaceImage.read(firstImage(celeba));
        List<FaceBox> boxes = analyzer.detector().detect(img);
        assertFalse(boxes.isEmpty());
        for (FaceBox b : boxes) {
            assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= img.width() + 1e-6
                    && b.y() + b.height() <= img.height() + 1e-6, b.toString());
        }
    }

    @Test
    void aClosedFrontEndRefusesEveryCall() {
        FaceFrontEnd front = new FaceFrontEnd(1);
        FaceImage img = FaceImage.of(64, 64, new float[3 * 64 * 64]);
        front.close();
        front.close();
        assertThrows(RestorerClosedException.class, () -> front.faces(img));
        assertThrows(RestorerClosedException.class, () -> front.detect(img));
        assertThrows(RestorerClosedException.class, () -> front.confidence(img, new FaceBox(0, 0, 64, 64, 0), null));
    }
}
