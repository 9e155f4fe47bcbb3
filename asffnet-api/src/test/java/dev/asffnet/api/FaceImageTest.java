package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceImageTest {
    @Test
    void roundTripsThroughBufferedImageAndPng(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, 0x10FF80);
        FaceImage f = FaceImage.fromBufferedImage(img);
        assertEquals(0x10 / 255f, f.get(0, 4, 2), 1e-7);
        assertEquals(1f, f.get(1, 4, 2), 1e-7);
        assertEquals(0x80 / 255f, f.get(2, 4, 2), 1e-7);
        Path png = dir.resolve("a.png");
        f.write(png);
        assertEquals(f, FaceImage.read(png));
    }

    @Test
    void grayscaleBecomesRgb() {
        BufferedImage g = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(1, 1, 0, 200);
        FaceImage f = FaceImage.fromBufferedImage(g);
        assertEquals(f.get(0, 1, 1), f.get(2, 1, 1), 0);
        assertTrue(f.get(1, 1, 1) > 0.5f);
    }

    @Test
    void rejectsBadDataAndFiles(@TempDir Path dir) throws Exception {
        assertThrows(InvalidInputException.class, () -> FaceImage.of(0, 3, new float[0]));
        assertThrows(InvalidInputException.class, () -> FaceImage.of(2, 2, new float[11]));
        float[] nan = new float[12];
        nan[3] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> FaceImage.of(2, 2, nan));
        ImageReadException missing = assertThrows(ImageReadException.class, () -> FaceImage.read(dir.resolve("none.png")));
        assertTrue(missing.getMessage().contains("not found"));
        Path junk = dir.resolve("junk.jpg");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        assertThrows(ImageReadException.class, () -> FaceImage.read(junk));
        Path truncated = dir.resolve("trunc.png");
        f2png(truncated);
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertThrows(ImageReadException.class, () -> FaceImage.read(truncated));
    }

    private static void f2png(Path p) throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            img.setRGB(i, i, 0xFFFFFF * i / 64);
        }
        FaceImage.fromBufferedImage(img).write(p);
    }
}
