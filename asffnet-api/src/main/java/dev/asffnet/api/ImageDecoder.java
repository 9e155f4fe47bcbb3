package dev.asffnet.api;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files into {@link FaceImage}s: size limit checked from the header before decoding, grey
 * (8/16-bit, with or without alpha) read from the raster samples rather than through ImageIO's linear-grey
 * conversion, CMYK JPEGs converted, EXIF orientation of JPEGs applied,
 * truncated JPEG/PNG files and formats ImageIO cannot read refused by name.
 */
final class ImageDecoder {
    private static final String TRUNCATED = "is truncated or corrupt: re-download it or re-export it";

    private ImageDecoder() {
    }

    static FaceImage read(Path file, long maxPixels) {
        if (file == null) {
            throw new ImageReadException("image path is null");
        }
        if (maxPixels <= 0) {
            throw new InvalidInputException("maxPixels must be positive, got " + maxPixels);
        }
        if (!Files.isRegularFile(file)) {
            throw new ImageReadException("image file not found: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageReadException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
        String unsupported = unsupportedFormat(bytes);
        if (unsupported != null) {
            throw new ImageReadException("image " + file + " is " + unsupported + ", which cannot be read: convert it "
                    + "to PNG or JPEG (supported: PNG, JPEG, BMP, GIF, TIFF)");
        }
        JpegInfo jpeg = isJpeg(bytes) ? JpegInfo.parse(bytes) : null;
        if (jpeg != null && !jpeg.complete) {
            throw new ImageReadException("JPEG image " + file + " " + TRUNCATED + " (no end-of-image marker)");
        }
        if (isPng(bytes) && !pngComplete(bytes)) {
            throw new ImageReadException("PNG image " + file + " " + TRUNCATED + " (no IEND chunk)");
        }
        if (jpeg != null && jpeg.adobeTransform == 2) {
            throw new ImageReadException("JPEG image " + file + " uses the YCCK colour model, which is not supported: "
                    + "convert it to RGB (e.g. ImageMagick: convert in.jpg -colorspace sRGB out.jpg)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException("image " + file + " is in an unknown format or corrupt: "
                        + "supported formats are PNG, JPEG, BMP, GIF and TIFF");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > maxPixels) {
                    throw new ImageReadException("image " + file + " is " + w + "x" + h + " = " + megapixels(w * h)
                            + " megapixels, over the limit of " + megapixels(maxPixels) + " megapixels; downscale "
                            + "it, or raise the limit with FaceImage.read(path, maxPixels)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                for (String warning : warnings) {
                    if (warning.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
                        throw new ImageReadException("image " + file + " " + TRUNCATED + " (" + warning + ")");
                    }
                }
                FaceImage f = toFaceImage(img, file.toString());
                return jpeg == null ? f : orient(f, jpeg.orientation);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageReadException ire) {
                throw ire;
            }
            throw new ImageReadException("cannot decode image " + file + ": " + e.getMessage() + " (the file "
                    + TRUNCATED + ", or convert it to 8-bit RGB PNG or JPEG)", e);
        }
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1e6);
    }

    /**
     * RGB in [0,1] of a decoded image. Grey images are taken from the raster samples (value / (2^bits - 1),
     * replicated to three channels; alpha ignored); CMYK ones are converted with {@code R = (1-C)(1-K)};
     * everything else goes through {@link BufferedImage#getRGB} (sRGB), one row at a time. (ImageIO's JPEG
     * reader already un-inverts the Adobe CMYK samples that Photoshop and PIL write, but its CMYK-to-RGB
     * conversion gives wrong colours.)
     *
     * @param what names the image in messages
     */
    static FaceImage toFaceImage(BufferedImage image, String what) {
        if (image == null) {
            throw new InvalidInputException("image is null");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] chw = new float[FaceImage.CHANNELS * plane];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int space = cm.getColorSpace().getType();
        if (cm instanceof ComponentColorModel && space == ColorSpace.TYPE_GRAY) {
            float max = (float) ((1L << cm.getComponentSize(0)) - 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    float v = row[x] / max;
                    int i = y * w + x;
                    chw[i] = v;
                    chw[plane + i] = v;
                    chw[2 * plane + i] = v;
                }
            }
        } else if (space == ColorSpace.TYPE_CMYK) {
            if (raster.getNumBands() != 4) {
                throw new ImageReadException("CMYK image " + what + " has " + raster.getNumBands()
                        + " bands: convert it to RGB");
            }
            float max = (float) ((1L << cm.getComponentSize(0)) - 1);
            int[] px = new int[4];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    float k = px[3] / max;
                    int i = y * w + x;
                    for (int c = 0; c < 3; c++) {
                        chw[c * plane + i] = (1 - px[c] / max) * (1 - k);
                    }
                }
            }
        } else if (isByteRgb(image)) {
            // 8-bit sRGB RGB bytes read from the raster: the values getRGB gives, without its per-pixel conversion
            ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
            byte[] d = ((DataBufferByte) raster.getDataBuffer()).getData();
            int ps = sm.getPixelStride();
            int ss = sm.getScanlineStride();
            int[] bo = sm.getBandOffsets();
            int base = raster.getDataBuffer().getOffset();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    int src = base + y * ss + bo[c];
                    int dst = c * plane + y * w;
                    for (int x = 0; x < w; x++) {
                        chw[dst + x] = (d[src + x * ps] & 0xFF) / 255f;
                    }
                }
            }
        } else {
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    int i = y * w + x;
                    chw[i] = ((p >> 16) & 0xFF) / 255f;
                    chw[plane + i] = ((p >> 8) & 0xFF) / 255f;
                    chw[2 * plane + i] = (p & 0xFF) / 255f;
                }
            }
        }
        return FaceImage.wrap(w, h, chw);
    }

    /** Three 8-bit sRGB bands without alpha in a plain byte raster (what PNG and JPEG decoding mostly give). */
    private static boolean isByteRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster r = image.getRaster();
        return cm instanceof ComponentColorModel && !cm.hasAlpha() && cm.getColorSpace().isCS_sRGB()
                && r.getNumBands() == 3 && r.getParent() == null && r.getMinX() == 0 && r.getMinY() == 0
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && r.getDataBuffer() instanceof DataBufferByte && r.getDataBuffer().getNumBanks() == 1
                && r.getSampleModel() instanceof ComponentSampleModel
                && cm.getComponentSize(0) == 8 && cm.getComponentSize(1) == 8 && cm.getComponentSize(2) == 8;
    }

    /**
     * Applies EXIF orientation {@code o} (1-8; other values: unchanged): the image as it should be displayed.
     */
    static FaceImage orient(FaceImage f, int o) {
        if (o < 2 || o > 8) {
            return f;
        }
        int w = f.width();
        int h = f.height();
        boolean swap = o >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        float[] out = new float[FaceImage.CHANNELS * ow * oh];
        int plane = ow * oh;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (o) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                for (int c = 0; c < FaceImage.CHANNELS; c++) {
                    out[c * plane + y * ow + x] = f.get(c, sx, sy);
                }
            }
        }
        return FaceImage.wrap(ow, oh, out);
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    private static boolean isPng(byte[] b) {
        return b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    /** Whether the PNG's chunk list reaches an IEND chunk inside the file. */
    private static boolean pngComplete(byte[] b) {
        long pos = 8;
        while (pos + 8 <= b.length) {
            long len = u32(b, (int) pos, true);
            String type = new String(b, (int) pos + 4, 4, StandardCharsets.ISO_8859_1);
            long end = pos + 12 + len;
            if (end > b.length) {
                return false;
            }
            if (type.equals("IEND")) {
                return true;
            }
            pos = end;
        }
        return false;
    }

    /** The name of a known format ImageIO cannot read, from the file's first bytes, or null. */
    private static String unsupportedFormat(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 16), StandardCharsets.ISO_8859_1);
        if (head.startsWith("RIFF") && head.length() >= 12 && head.startsWith("WEBP", 8)) {
            return "a WebP image";
        }
        if (head.length() >= 12 && head.startsWith("ftyp", 4)) {
            String brand = head.substring(8, 12);
            if (brand.startsWith("avi")) {
                return "an AVIF image";
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "a HEIC/HEIF image";
            }
            if (brand.startsWith("jp2") || brand.startsWith("jpx")) {
                return "a JPEG 2000 image";
            }
            return "an ISO media file (brand '" + brand.strip() + "')";
        }
        if (head.startsWith("\0\0\0\fJXL ") || (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x0A)) {
            return "a JPEG XL image";
        }
        if (head.startsWith("\0\0\0\fjP  ") || (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x4F
                && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x51)) {
            return "a JPEG 2000 image";
        }
        if (head.startsWith("8BPS")) {
            return "a Photoshop (PSD) file";
        }
        if (head.startsWith("%PDF")) {
            return "a PDF document";
        }
        String lower = head.stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("<svg") || lower.startsWith("<?xml")) {
            return "an SVG/XML document";
        }
        return null;
    }

    private static long u32(byte[] b, int i, boolean bigEndian) {
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int shift = bigEndian ? 8 * (3 - k) : 8 * k;
            v |= (long) (b[i + k] & 0xFF) << shift;
        }
        return v;
    }

    private static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF) : ((b[i + 1] & 0xFF) << 8) | (b[i] & 0xFF);
    }

    /**
     * What the JPEG's markers say: whether an end-of-image marker follows the first scan, the Adobe APP14
     * transform (-1 without the segment; 0 = RGB/CMYK, 1 = YCbCr, 2 = YCCK) and the EXIF orientation (1 when
     * absent or unreadable).
     */
    record JpegInfo(boolean complete, int adobeTransform, int orientation) {
        static JpegInfo parse(byte[] b) {
            int adobe = -1;
            int orientation = 1;
            int pos = 2;
            int scan = -1;
            while (pos + 4 <= b.length) {
                if ((b[pos] & 0xFF) != 0xFF) {
                    break;                                   // not a marker: corrupt header
                }
                int marker = b[pos + 1] & 0xFF;
                if (marker == 0xFF) {
                    pos++;                                   // fill byte
                    continue;
                }
                if (marker == 0xD9) {
                    break;
                }
                int len = u16(b, pos + 2, true);
                int data = pos + 4;
                int end = pos + 2 + len;
                if (len < 2 || end > b.length) {
                    break;
                }
                if (marker == 0xDA) {
                    scan = end;
                    break;
                }
                if (marker == 0xEE && len >= 14 && new String(b, data, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
                    adobe = b[data + 11] & 0xFF;
                }
                if (marker == 0xE1 && len >= 16 && new String(b, data, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    orientation = exifOrientation(b, data + 6, end);
                }
                pos = end;
            }
            return new JpegInfo(scan >= 0 && hasEoiAfter(b, scan), adobe, orientation);
        }

        /** Entropy-coded data stuffs every 0xFF with 0x00, so FF D9 after the first scan is the end marker. */
        private static boolean hasEoiAfter(byte[] b, int from) {
            for (int i = b.length - 2; i >= from; i--) {
                if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                    return true;
                }
            }
            return false;
        }

        /** Tag 0x0112 of IFD0 of the TIFF structure at {@code tiff}, or 1. */
        private static int exifOrientation(byte[] b, int tiff, int end) {
            if (tiff + 8 > end) {
                return 1;
            }
            boolean big;
            if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
                big = true;
            } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
                big = false;
            } else {
                return 1;
            }
            long ifd = tiff + u32(b, tiff + 4, big);
            if (ifd + 2 > end) {
                return 1;
            }
            int count = u16(b, (int) ifd, big);
            for (int k = 0; k < count; k++) {
                int e = (int) ifd + 2 + 12 * k;
                if (e + 12 > end) {
                    return 1;
                }
                if (u16(b, e, big) == 0x0112 && u16(b, e + 2, big) == 3) {
                    int v = u16(b, e + 8, big);
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
            return 1;
        }
    }
}
