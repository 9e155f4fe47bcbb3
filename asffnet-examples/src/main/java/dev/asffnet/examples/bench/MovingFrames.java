package dev.asffnet.examples.bench;

import dev.asffnet.api.FaceImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A synthetic film for the folder-mode benchmarks: {@code N} frames of one photo, frame {@code i} moved by
 * {@code (3t - 12, 2t - 8)} pixels on mid-grey, {@code t} going 0, 1, ..., 8, 7, ..., 0, 1, ... (back and forth,
 * so long films stay in the frame), written as {@code frameNN.png} (docs/benchmarks.md).
 *
 * <pre>
 * java -cp asffnet-examples/target/asffnet-cli.jar dev.asffnet.examples.bench.MovingFrames PHOTO N OUT_DIR
 * </pre>
 */
public final class MovingFrames {
    private MovingFrames() {
    }

    /**
     * @param argv the photo, the number of frames and the output folder (created)
     * @throws Exception on I/O failure
     */
    public static void main(String[] argv) throws Exception {
        if (argv.length != 3) {
            throw new IllegalArgumentException("usage: MovingFrames PHOTO N OUT_DIR");
        }
        FaceImage photo = FaceImage.read(Path.of(argv[0]));
        int n = Integer.parseInt(argv[1]);
        Path out = Files.createDirectories(Path.of(argv[2]));
        for (int i = 0; i < n; i++) {
            int t = i % 16 <= 8 ? i % 16 : 16 - i % 16;
            moved(photo, 3 * t - 12, 2 * t - 8).write(out.resolve(String.format(Locale.ROOT, "frame%02d.png", i)));
        }
    }

    /** The photo moved right by {@code dx} and down by {@code dy} pixels, the uncovered border mid-grey. */
    static FaceImage moved(FaceImage img, int dx, int dy) {
        int w = img.width();
        int h = img.height();
        float[] src = img.toArray();
        float[] out = new float[src.length];
        Arrays.fill(out, 0.5f);
        for (int c = 0; c < 3; c++) {
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                for (int x = Math.max(0, dx); x < Math.min(w, w + dx); x++) {
                    out[(c * h + y) * w + x] = src[(c * h + y - dy) * w + x - dx];
                }
            }
        }
        return FaceImage.of(w, h, out);
    }
}
