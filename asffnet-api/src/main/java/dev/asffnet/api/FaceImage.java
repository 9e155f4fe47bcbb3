package dev.asffnet.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An RGB image as planar float data (channel-major CHW, values in [0,1]), the tensor layout the networks
 * consume. Immutable: the constructor and {@link #toArray()} copy.
 */
public final class FaceImage {
    /** Number of colour channels (RGB). */
    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final float[] chw;

    private FaceImage(int width, int height, float[] chw) {
        this.width = width;
        this.height = height;
        this.chw = chw;
    }

    /**
     * An image from planar RGB data of length {@code 3*width*height}.
     *
     * @param width width in pixels
     * @param height height in pixels
     * @param chw planar RGB values, channel-major (copied)
     * @return the image
     * @throws InvalidInputException for non-positive sizes, a wrong data length, or NaN/infinite values
     */
    public static FaceImage of(int width, int height, float[] chw) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("image size must be positive, got " + width + "x" + height);
        }
        if (chw == null || (long) chw.length != (long) CHANNELS * width * height) {
            throw new InvalidInputException("expected " + (long) CHANNELS * width * height + " CHW values for a "
                    + width + "x" + height + " RGB image, got " + (chw == null ? "null" : chw.length));
        }
        for (int i = 0; i < chw.length; i++) {
            if (!Float.isFinite(chw[i])) {
                throw new InvalidInputException("image value " + i + " is not finite: " + chw[i]);
            }
        }
        return new FaceImage(width, height, chw.clone());
    }

    /** Wraps data the caller promises not to modify; used internally to avoid copies of large tensors. */
    static FaceImage wrap(int width, int height, float[] chw) {
        return new FaceImage(width, height, chw);
    }

    /**
     * Converts any {@link BufferedImage} (grey, indexed, RGB, ARGB, CMYK; alpha is ignored) to RGB in [0,1].
     * Grey images keep their sample values ({@code v / (2^bits - 1)}), not a linear-to-sRGB conversion.
     *
     * @param image the image to convert
     * @return the image as planar RGB in [0,1]
     * @throws InvalidInputException if the image is null
     */
    public static FaceImage fromBufferedImage(BufferedImage image) {
        return ImageDecoder.toFaceImage(image, "image");
    }

    /** Default pixel limit of {@link #read(Path)}: 50 megapixels (about 600 MB as float RGB). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF, TIFF) of at most {@link #DEFAULT_MAX_PIXELS} pixels.
     *
     * @param file the image file
     * @return the decoded image
     * @throws ImageReadException see {@link #read(Path, long)}
     */
    public static FaceImage read(Path file) {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF, TIFF). Grey images (8 or 16 bit, with or without alpha) are
     * replicated to RGB; CMYK JPEGs are converted; the EXIF orientation of JPEGs is applied.
     *
     * @param file the image file
     * @param maxPixels the largest accepted width x height, checked from the header before decoding
     * @return the decoded image
     * @throws ImageReadException if the file is missing or unreadable, truncated or corrupt, larger than
     *     {@code maxPixels}, or in a format that cannot be read (WebP, HEIC, YCCK JPEG, ...); the message names
     *     the file and what to do
     * @throws InvalidInputException if {@code maxPixels} is not positive
     */
    public static FaceImage read(Path file, long maxPixels) {
        return ImageDecoder.read(file, maxPixels);
    }

    /**
     * Writes the image as PNG or JPEG, chosen by the file extension (PNG when unknown), atomically: it is
     * encoded into a hidden temporary file in the same folder, which is then renamed onto {@code file}. An
     * existing file is replaced whole, or left untouched when writing fails; no partial file remains.
     *
     * @param file the target file; its extension chooses the format
     * @throws IOException if encoding, writing or the rename fails
     */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        String name = target.getFileName().toString();
        String format = formatOf(target);
        Path tmp = target.resolveSibling("." + name + "." + Long.toUnsignedString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (java.io.OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                encode(format, out, file);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The bytes {@link #write} would write to {@code file} (PNG or JPEG by its extension), for callers that
     * encode on one thread and write on another; nothing is written.
     *
     * @param file the file the bytes are meant for; only its extension is read
     * @return the encoded image
     * @throws IOException if encoding fails
     */
    public byte[] encode(Path file) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        encode(formatOf(file), out, file);
        return out.toByteArray();
    }

    /** "jpg" for a {@code .jpg}/{@code .jpeg} file name (any case), otherwise "png". */
    private static String formatOf(Path file) {
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "jpg" : "png";
    }

    /**
     * PNG at the fastest deflate level (lossless: the same pixels, a file within a few percent of the default
     * level's) or JPEG at ImageIO's default quality, through an in-memory stream cache (ImageIO's default
     * stream over an {@code OutputStream} buffers through a temporary file).
     */
    private void encode(String format, java.io.OutputStream out, Path file) throws IOException {
        java.util.Iterator<javax.imageio.ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IOException("no ImageIO writer for " + format + " (writing " + file + ")");
        }
        javax.imageio.ImageWriter writer = writers.next();
        try (javax.imageio.stream.ImageOutputStream ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("png") && param.canWriteCompressed()) {
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(PNG_COMPRESSION_QUALITY);
            }
            writer.write(null, new javax.imageio.IIOImage(toBgrImage(), null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** ImageIO's PNG quality 0.9: deflate level 1 (the JDK's PNG writer uses level 9 - round(9 quality)). */
    private static final float PNG_COMPRESSION_QUALITY = 0.9f;

    /** The 8-bit copy of {@link #toBufferedImage()} as {@code TYPE_3BYTE_BGR}, which ImageIO encodes fastest. */
    private BufferedImage toBgrImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int plane = width * height;
        for (int i = 0; i < plane; i++) {
            bgr[3 * i] = (byte) to8(chw[2 * plane + i]);
            bgr[3 * i + 1] = (byte) to8(chw[plane + i]);
            bgr[3 * i + 2] = (byte) to8(chw[i]);
        }
        return out;
    }

    /**
     * An 8-bit RGB copy; values are clamped to [0,1] and rounded.
     *
     * @return a new {@code TYPE_INT_RGB} image
     */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (to8(chw[i]) << 16) | (to8(chw[plane + i]) << 8) | to8(chw[2 * plane + i]);
        }
        out.setRGB(0, 0, width, height, rgb, 0, width);
        return out;
    }

    private static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return Math.round(c * 255f);
    }

    /**
     * Width in pixels.
     *
     * @return the width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * Height in pixels.
     *
     * @return the height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * Value of channel {@code c} at column {@code x}, row {@code y}.
     *
     * @param c channel index, 0 (R) to 2 (B)
     * @param x column
     * @param y row
     * @return the value, normally in [0,1]
     */
    public float get(int c, int x, int y) {
        return chw[(c * height + y) * width + x];
    }

    /**
     * A copy of the planar CHW data.
     *
     * @return a new array of length {@code 3*width*height}
     */
    public float[] toArray() {
        return chw.clone();
    }

    /**
     * Copies the CHW data into {@code dst} at {@code offset} (for batching into tensors without garbage).
     *
     * @param dst the destination array
     * @param offset the index in {@code dst} of the first value
     */
    public void copyTo(float[] dst, int offset) {
        System.arraycopy(chw, 0, dst, offset, chw.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceImage other && width == other.width && height == other.height
                && Arrays.equals(chw, other.chw);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(chw);
    }

    @Override
    public String toString() {
        return "FaceImage[" + width + "x" + height + "]";
    }
}
