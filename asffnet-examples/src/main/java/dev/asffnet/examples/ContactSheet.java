package dev.asffnet.examples;

import dev.asffnet.api.FaceImage;
import dev.asffnet.formats.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A side-by-side sheet of equally sized tiles with a caption under each (input, guidance, result, ...). */
public final class ContactSheet {
    /** Height in pixels of the caption strip under each row of tiles. */
    public static final int CAPTION_HEIGHT = 18;

    private ContactSheet() {
    }

    /** Writes {@link #of} as a PNG file, atomically ({@link AtomicFiles}). */
    public static void write(Path file, List<List<FaceImage>> rows, List<String> captions, int tile) throws IOException {
        BufferedImage sheet = of(rows, captions, tile);
        AtomicFiles.write(file, out -> ImageIO.write(sheet, "png", out));
    }

    /**
     * One row per entry of {@code rows}; every image is scaled to {@code tile} pixels square. The sheet is
     * {@code tile} times the longest row wide and {@code tile + CAPTION_HEIGHT} per row high.
     */
    public static BufferedImage of(List<List<FaceImage>> rows, List<String> captions, int tile) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(1);
        int captionH = CAPTION_HEIGHT;
        BufferedImage sheet = new BufferedImage(cols * tile, rows.size() * (tile + captionH), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            List<FaceImage> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                int x = c * tile;
                int y = r * (tile + captionH);
                g.drawImage(row.get(c).toBufferedImage(), x, y, tile, tile, null);
                if (r == 0 && c < captions.size()) {
                    g.setColor(Color.BLACK);
                    g.drawString(captions.get(c), x + 4, y + tile + 13);
                }
            }
        }
        g.dispose();
        return sheet;
    }
}
