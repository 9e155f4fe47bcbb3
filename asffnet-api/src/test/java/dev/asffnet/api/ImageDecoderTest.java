package dev.asffnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of the files users reported as wrong: grey, CMYK, EXIF-rotated, truncated, unsupported, huge. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    @Test
    void grey8BitPngKeepsItsValues() throws IOException {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 60);
        g.getRaster().setSample(2, 1, 0, 200);
        Path png = dir.resolve("g8.png");
        ImageIO.write(g, "png", png.toFile());
        FaceImage f = FaceImage.read(png);
        for (int c = 0; c < 3; c++) {
            assertEquals(60 / 255f, f.get(c, 0, 0), 1e-7, "was ~117/255 through ImageIO's linear grey");
            assertEquals(200 / 255f, f.get(c, 2, 1), 1e-7);
            assertEquals(0f, f.get(c, 1, 0), 0);
        }
        assertEquals(60 / 255f, FaceImage.fromBufferedImage(g).get(1, 0, 0), 1e-7);
    }

    @Test
    void grey16BitPngKeepsItsValues() throws IOException {
        BufferedImage g = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(1, 0, 0, 15420);
        g.getRaster().setSample(0, 1, 0, 65535);
        Path png = dir.resolve("g16.png");
        ImageIO.write(g, "png", png.toFile());
        FaceImage f = FaceImage.read(png);
        assertEquals(15420 / 65535f, f.get(0, 1, 0), 1e-7);
        assertEquals(15420 / 65535f, f.get(2, 1, 0), 1e-7);
        assertEquals(1f, f.get(1, 0, 1), 1e-7);
    }

    @Test
    void greyAlphaPngKeepsItsValues() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {60, 255});
        r.setPixel(1, 0, new int[] {100, 10});
        Path png = dir.resolve("ga.png");
        assertTrue(ImageIO.write(new BufferedImage(cm, r, false, null), "png", png.toFile()));
        FaceImage f = FaceImage.read(png);
        assertEquals(60 / 255f, f.get(0, 0, 0), 1e-7);
        assertEquals(100 / 255f, f.get(2, 1, 0), 1e-7, "alpha is ignored");
    }

    @Test
    void greyJpegIsNotBrightened() throws IOException {
        BufferedImage g = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                g.getRaster().setSample(x, y, 0, 60);
            }
        }
        Path jpg = dir.resolve("g.jpg");
        ImageIO.write(g, "jpg", jpg.toFile());
        FaceImage f = FaceImage.read(jpg);
        assertEquals(60 / 255f, f.get(0, 8, 8), 2 / 255f);
        assertEquals(f.get(0, 8, 8), f.get(2, 8, 8), 0);
    }

    @Test
    void adobeCmykJpegFromPilHasTheRightColours() throws Exception {
        // written by PIL: Adobe APP14 (transform 0), inverted CMYK; top-left C=2 M=2 Y=253 K=30 (yellow),
        // bottom-right C=253 M=253 Y=2 K=30 (blue)
        Path file = Path.of(ImageDecoderTest.class.getResource("cmyk.jpg").toURI());
        FaceImage f = FaceImage.read(file);
        float k = 1 - 30 / 255f;
        assertEquals((1 - 2 / 255f) * k, f.get(0, 0, 0), 0.03);
        assertEquals((1 - 2 / 255f) * k, f.get(1, 0, 0), 0.03);
        assertEquals((1 - 253 / 255f) * k, f.get(2, 0, 0), 0.03);
        assertEquals((1 - 2 / 255f) * k, f.get(2, 47, 47), 0.03);
        assertTrue(f.get(0, 47, 47) < 0.05, "blue corner has no red");
    }

    @Test
    void exifOrientation6IsApplied() throws IOException {
        // 16x8: left half red, right half blue; orientation 6 = rotate 90 degrees clockwise to display
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, x < 8 ? 0xFF0000 : 0x0000FF);
            }
        }
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpg);
        byte[] plain = jpg.toByteArray();
        Path file = dir.resolve("phone.jpg");
        Files.write(file, withExifOrientation(plain, 6, false));
        FaceImage f = FaceImage.read(file);
        assertEquals(8, f.width());
        assertEquals(16, f.height());
        assertTrue(f.get(0, 4, 2) > 0.8 && f.get(2, 4, 2) < 0.2, "top is the red left half");
        assertTrue(f.get(2, 4, 13) > 0.8 && f.get(0, 4, 13) < 0.2, "bottom is the blue right half");
        Files.write(file, withExifOrientation(plain, 8, true));
        FaceImage ccw = FaceImage.read(file);
        assertTrue(ccw.get(2, 4, 2) > 0.8, "orientation 8 (little-endian EXIF): top is the blue right half");
    }

    @Test
    void orientationsAreRotationsAndFlips() {
        long seed = System.nanoTime();
        System.out.println("orientationsAreRotationsAndFlips seed " + seed);
        Random rnd = new Random(seed);
        float[] data = new float[3 * 5 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextFloat();
        }
        FaceImage f = FaceImage.of(5, 3, data);
        assertEquals(f, ImageDecoder.orient(ImageDecoder.orient(f, 6), 8), "seed " + seed);
        assertEquals(f, ImageDecoder.orient(ImageDecoder.orient(f, 3), 3), "seed " + seed);
        for (int o : new int[] {2, 4, 5, 7}) {
            assertEquals(f, ImageDecoder.orient(ImageDecoder.orient(f, o), o), "flip " + o + " seed " + seed);
        }
        assertEquals(ImageDecoder.orient(f, 3), ImageDecoder.orient(ImageDecoder.orient(f, 6), 6));
        assertEquals(f.get(1, 0, 2), ImageDecoder.orient(f, 6).get(1, 0, 0), 0, "bottom-left goes to top-left");
        assertEquals(f.get(1, 4, 0), ImageDecoder.orient(f, 8).get(1, 0, 0), 0, "top-right goes to top-left");
        assertEquals(f.get(1, 4, 0), ImageDecoder.orient(f, 2).get(1, 0, 0), 0);
        assertEquals(f.get(1, 0, 2), ImageDecoder.orient(f, 4).get(1, 0, 0), 0);
        assertEquals(f.get(1, 2, 1), ImageDecoder.orient(f, 5).get(1, 1, 2), 0);
        assertEquals(f.get(1, 4, 2), ImageDecoder.orient(f, 7).get(1, 0, 0), 0);
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", jpg);
        byte[] all = withExifOrientation(jpg.toByteArray(), 1, false);
        Path file = dir.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(all, all.length / 5));
        ImageReadException e = assertThrows(ImageReadException.class, () -> FaceImage.read(file));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(file.toString()), e.getMessage());
        Files.write(file, all);
        assertEquals(64, FaceImage.read(file).width(), "the whole file reads");
    }

    @Test
    void unsupportedFormatsAreNamed() throws IOException {
        Path webp = dir.resolve("a.webp");
        Files.write(webp, "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ImageReadException.class, () -> FaceImage.read(webp)).getMessage().contains("WebP"));
        Path heic = dir.resolve("a.heic");
        Files.write(heic, "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ImageReadException.class, () -> FaceImage.read(heic)).getMessage().contains("HEIC"));
    }

    @Test
    void hugeDimensionsAreRefusedFromTheHeader() throws IOException {
        Path png = dir.resolve("huge.png");
        Files.write(png, greyPng(30000, 30000));
        ImageReadException e = assertThrows(ImageReadException.class, () -> FaceImage.read(png));
        assertTrue(e.getMessage().contains("30000x30000") && e.getMessage().contains("50.0 megapixels")
                && e.getMessage().contains("maxPixels"), e.getMessage());
        Path small = dir.resolve("small.png");
        Files.write(small, greyPng(4, 3));
        assertEquals(4, FaceImage.read(small).width());
        assertThrows(ImageReadException.class, () -> FaceImage.read(small, 11));
        assertEquals(3, FaceImage.read(small, 12).height());
        assertThrows(InvalidInputException.class, () -> FaceImage.read(small, 0));
    }

    /** A grey 8-bit PNG whose IHDR says {@code w x h}; its one IDAT holds only the first rows. */
    private static byte[] greyPng(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 0, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        int rows = Math.min(h, 4);
        byte[] raw = new byte[rows * (w + 1)];
        Deflater def = new Deflater();
        def.setInput(raw);
        def.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = def.deflate(buf);
        chunk(d, "IDAT", Arrays.copyOf(buf, n));
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    /** Inserts an APP1 EXIF segment with IFD0 holding only Orientation right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
                (byte) orientation, 0, 0, 0, 0, 0, 0, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
                0, (byte) orientation, 0, 0, 0, 0, 0, 0, 0});
        }
        byte[] body = tiff.toByteArray();
        int len = 2 + 6 + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len});
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * The raster fast path for 8-bit RGB (BGR bytes from JPEG and PNG, RGB bytes, a sub-image) gives exactly what
     * {@code getRGB} gives, which the general path uses.
     */
    @Test
    void byteRgbImagesDecodeAsGetRgbDoes() {
        long seed = 20261207L;
        Random r = new Random(seed);
        BufferedImage bgr = new BufferedImage(37, 23, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                int p = r.nextInt(1 << 24);
                bgr.setRGB(x, y, p);
            }
        }
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(37, 23);
        BufferedImage rgbBytes = new BufferedImage(cm, raster, false, null);
        rgbBytes.setData(bgr.getRaster());
        for (BufferedImage img : new BufferedImage[] {bgr, rgbBytes, bgr.getSubimage(3, 2, 30, 20)}) {
            float[] got = ImageDecoder.toFaceImage(img, "test").toArray();
            int w = img.getWidth();
            int plane = w * img.getHeight();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < w; x++) {
                    int p = img.getRGB(x, y);
                    int i = y * w + x;
                    assertEquals(((p >> 16) & 0xFF) / 255f, got[i], 0f, "seed " + seed + " R at " + x + "," + y);
                    assertEquals(((p >> 8) & 0xFF) / 255f, got[plane + i], 0f, "G at " + x + "," + y);
                    assertEquals((p & 0xFF) / 255f, got[2 * plane + i], 0f, "B at " + x + "," + y);
                }
            }
        }
    }
}
