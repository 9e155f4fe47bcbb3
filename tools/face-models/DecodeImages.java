import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Decodes images with Java's ImageIO (exactly what FaceImage.read does) to raw RGB files, so that the
 * JavaScript reference sees the very same pixels as the Java port.
 *
 * <pre>java tools/face-models/DecodeImages.java ROOT LIST OUTDIR</pre>
 * LIST holds one path per line, relative to ROOT; OUTDIR/&lt;path with / replaced by _&gt;.rgb gets
 * int32 LE width, int32 LE height, then width*height*3 bytes RGB (row-major, interleaved).
 */
public class DecodeImages {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        List<String> ids = Files.readAllLines(Path.of(args[1]));
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        for (String id : ids) {
            id = id.strip();
            if (id.isEmpty()) continue;
            BufferedImage img = ImageIO.read(root.resolve(id).toFile());
            int w = img.getWidth(), h = img.getHeight();
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(out.resolve(id.replace('/', '_') + ".rgb"))))) {
                o.writeInt(Integer.reverseBytes(w));
                o.writeInt(Integer.reverseBytes(h));
                for (int p : argb) {
                    o.write((p >> 16) & 0xFF);
                    o.write((p >> 8) & 0xFF);
                    o.write(p & 0xFF);
                }
            }
        }
    }
}
