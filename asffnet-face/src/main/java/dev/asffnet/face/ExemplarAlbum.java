package dev.asffnet.face;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.LandmarkDetector;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.formats.AtomicFiles;
import dev.asffnet.formats.Caches;
import dev.asffnet.formats.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The landmarks of an exemplar folder, detected once and kept in a small JSON index, so that later runs on
 * the same album only decode the images. Each entry is keyed by the image file's content (SHA-256) and the
 * detector's identity ({@link FaceFrontEnd#modelId()}); a new or changed file, or another detector, is
 * detected again. Images without a usable face are recorded too (with the reason), so they are not retried.
 *
 * <p>The index is a file under {@code albums/} of the cache folder ({@link Caches#root()}, named by the
 * folder's absolute path), so the album folder is left untouched; when the cache cannot be written it is
 * {@value #INDEX_FILE} in the album folder, if that is writable. It is written atomically, and when neither
 * place can be written the album simply detects every time. An instance is for one thread.
 */
public final class ExemplarAlbum {
    /** Name of the index file inside an album folder. */
    public static final String INDEX_FILE = ".asffnet-album.json";
    /** File name extensions of album images (lower case, without the dot). */
    public static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "jfif", "bmp", "gif");
    private static final int FORMAT = 1;

    private final Path folder;
    private final LandmarkDetector detector;
    private final String detectorId;
    private final Path cacheRoot;
    private final Map<String, Entry> entries = new TreeMap<>();
    private boolean changed;

    /** One image's record: content hash and either landmarks (136 numbers) or why there are none. */
    private record Entry(String sha256, double[] landmarks, String problem) {
    }

    private ExemplarAlbum(Path folder, LandmarkDetector detector, String detectorId, Path cacheRoot) {
        this.folder = folder.toAbsolutePath().normalize();
        this.detector = detector;
        this.detectorId = detectorId;
        this.cacheRoot = cacheRoot;
        read();
    }

    /**
     * Opens the album of {@code folder}, reading its index if there is one.
     *
     * @param folder the exemplar folder
     * @param detector finds landmarks of images the index does not cover (not closed by the album)
     * @param detectorId identifies the detector's models and version; entries made by another id are redone
     * @return the album
     * @throws InvalidInputException if {@code folder} is not a folder
     */
    public static ExemplarAlbum open(Path folder, LandmarkDetector detector, String detectorId) {
        return open(folder, detector, detectorId, Caches.root());
    }

    /**
     * As {@link #open(Path, LandmarkDetector, String)} with an explicit cache folder.
     *
     * @param folder the exemplar folder
     * @param detector finds landmarks of images the index does not cover (not closed by the album)
     * @param detectorId identifies the detector's models and version
     * @param cacheRoot the cache folder holding indexes of read-only album folders
     * @return the album
     * @throws InvalidInputException if {@code folder} is not a folder
     */
    public static ExemplarAlbum open(Path folder, LandmarkDetector detector, String detectorId, Path cacheRoot) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new InvalidInputException("exemplar album " + folder + " is not a folder; give a folder of images");
        }
        if (detector == null || detectorId == null || detectorId.isBlank()) {
            throw new InvalidInputException("an exemplar album needs a landmark detector and its id");
        }
        return new ExemplarAlbum(folder, detector, detectorId, cacheRoot);
    }

    /**
     * All usable exemplars of {@code folder} (images sorted by name, see {@link #IMAGE_EXTENSIONS}); images
     * without a usable face are left out. The index is updated when anything was detected.
     *
     * @param folder the exemplar folder
     * @param front the face front end that finds landmarks for images the index does not cover
     * @return the exemplars, possibly none
     * @throws InvalidInputException if {@code folder} is not a folder
     */
    public static List<Exemplar> load(Path folder, FaceFrontEnd front) {
        return load(folder, front, UnaryOperator.identity());
    }

    /**
     * All usable exemplars of {@code folder}, each passed through {@code prepare} right after it is decoded
     * (for example {@code restorer::prepare}, which keeps only the region around the face, so that a folder
     * of large photos does not stay in memory). Each exemplar's source is its file.
     *
     * @param folder the exemplar folder
     * @param front the face front end that finds landmarks for images the index does not cover
     * @param prepare applied to each exemplar as it is loaded
     * @return the exemplars, possibly none
     * @throws InvalidInputException if {@code folder} is not a folder
     */
    public static List<Exemplar> load(Path folder, FaceFrontEnd front, UnaryOperator<Exemplar> prepare) {
        ExemplarAlbum album = open(folder, front, front.modelId());
        List<Exemplar> out = new ArrayList<>();
        for (Path p : images(folder)) {
            try {
                FaceImage image = FaceImage.read(p);
                out.add(prepare.apply(new Exemplar(image, album.landmarks(p, image), p.toString())));
            } catch (InvalidInputException e) {
                // not an exemplar: recorded in the index when detection failed
            }
        }
        album.save();
        return out;
    }

    /**
     * Whether {@code file}'s name ends in one of {@link #IMAGE_EXTENSIONS} (any case).
     *
     * @param file a path
     * @return true for an image name
     */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * The image files of {@code folder} ({@link #IMAGE_EXTENSIONS}), sorted by name.
     *
     * @param folder a folder
     * @return the images, possibly none
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public static List<Path> images(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> isImage(p) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The landmarks of {@code file}: from the index when it holds this content for this detector, otherwise
     * detected on {@code image} and recorded.
     *
     * @param file an image of the album folder
     * @param image {@code file} decoded
     * @return its landmarks
     * @throws NoFaceFoundException if the detector found (or, per the index, earlier found) no usable face
     * @throws InvalidInputException if the detector rejects the image
     */
    public Landmarks landmarks(Path file, FaceImage image) {
        String name = file.getFileName().toString();
        String hash = Caches.sha256(file);
        Entry e = entries.get(name);
        if (e != null && e.sha256().equals(hash)) {
            if (e.landmarks() == null) {
                throw new NoFaceFoundException(e.problem() + " (recorded in the album index " + INDEX_FILE
                        + "; replace the image or delete the index to retry)");
            }
            return Landmarks.of(e.landmarks());
        }
        try {
            Landmarks l = detector.detect(image);
            put(name, new Entry(hash, l.toArray(), null));
            return l;
        } catch (InvalidInputException ex) {
            put(name, new Entry(hash, null, ex.getMessage()));
            throw ex;
        }
    }

    /**
     * The exemplar of {@code file} as {@code prepare} reduces it ({@code Restorer.prepare}), from the album's
     * cache of prepared exemplars when it holds this content, these landmarks and this preparation, so that a
     * later run neither decodes the photo nor aligns it again; otherwise decoded, given landmarks (stored,
     * else from the index, else detected), prepared and cached. The cache is {@code albums/prepared/} of the
     * cache folder, one small binary file per exemplar (the prepared image as float32 and its landmarks),
     * written atomically; when it cannot be written the exemplar is simply prepared every time.
     *
     * @param file an image of the album folder
     * @param stored landmarks stored for {@code file} (a sidecar or CSV row), or empty to use the index
     * @param preparation identifies what {@code prepare} produces ({@code Restorer.preparationId()}); empty:
     *     do not cache
     * @param prepare reduces the decoded exemplar
     * @return the prepared exemplar, its source the file
     * @throws NoFaceFoundException if no usable face is (or, per the index, was) found
     * @throws InvalidInputException if the image cannot be read or the detector rejects it
     */
    public Exemplar prepared(Path file, Optional<Landmarks> stored, Optional<String> preparation,
                             UnaryOperator<Exemplar> prepare) {
        String hash = Caches.sha256(file);
        Landmarks known = stored.orElseGet(() -> indexed(file.getFileName().toString(), hash));
        Path cached = known != null && preparation.isPresent() ? preparedFile(hash, known, preparation.get()) : null;
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return readPrepared(cached, file);
            } catch (IOException | RuntimeException e) {
                // unreadable or truncated: prepare again and overwrite it
            }
        }
        FaceImage image = FaceImage.read(file);
        Landmarks l = known != null ? known : landmarks(file, image);
        Exemplar e = prepare.apply(new Exemplar(image, l, file.toString()));
        if (preparation.isPresent()) {
            Path target = cached != null ? cached : preparedFile(hash, l, preparation.get());
            if (target != null) {
                try {
                    AtomicFiles.write(target, out -> writePrepared(e, out));
                } catch (IOException | UncheckedIOException | SecurityException ignored) {
                    // no cache this time
                }
            }
        }
        return e;
    }

    /** The indexed landmarks of {@code name} if the index holds this content with landmarks, else null. */
    private Landmarks indexed(String name, String hash) {
        Entry e = entries.get(name);
        return e != null && e.sha256().equals(hash) && e.landmarks() != null ? Landmarks.of(e.landmarks()) : null;
    }

    private static final int PREPARED_MAGIC = 0x41465031;   // "AFP1"

    /** Where the prepared form of this content, landmarks and preparation is cached; null: no cache. */
    private Path preparedFile(String hash, Landmarks l, String preparation) {
        return Caches.writableFolder(cacheRoot, "albums/prepared").map(d -> d.resolve(Caches.sha256(
                (hash + "|" + preparation + "|" + Arrays.toString(l.toArray())).getBytes(StandardCharsets.UTF_8))
                .substring(0, 40) + ".bin")).orElse(null);
    }

    private static void writePrepared(Exemplar e, java.io.OutputStream out) throws IOException {
        FaceImage img = e.image();
        float[] px = img.toArray();
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * 2 * Landmarks.COUNT + 4 * px.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PREPARED_MAGIC).putInt(img.width()).putInt(img.height());
        for (double v : e.landmarks().toArray()) {
            b.putDouble(v);
        }
        b.asFloatBuffer().put(px);
        out.write(b.array());
    }

    private static Exemplar readPrepared(Path cached, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(cached)).order(ByteOrder.LITTLE_ENDIAN);
        int w = b.getInt(4);
        int h = b.getInt(8);
        if (b.getInt(0) != PREPARED_MAGIC || w <= 0 || h <= 0
                || b.capacity() != 12 + 8 * 2 * Landmarks.COUNT + 4L * FaceImage.CHANNELS * w * h) {
            throw new IOException("not a prepared exemplar: " + cached);
        }
        b.position(12);
        double[] xy = new double[2 * Landmarks.COUNT];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = b.getDouble();
        }
        float[] px = new float[FaceImage.CHANNELS * w * h];
        b.asFloatBuffer().get(px);
        return new Exemplar(FaceImage.of(w, h, px), Landmarks.of(xy), file.toString());
    }

    private void put(String name, Entry e) {
        entries.put(name, e);
        changed = true;
    }

    /**
     * Writes the index if anything was detected since it was read, dropping entries of files that are
     * gone; does nothing when no place for it can be written.
     *
     * @return the index file written, or empty when nothing was written
     */
    public Optional<Path> save() {
        if (!changed) {
            return Optional.empty();
        }
        entries.keySet().removeIf(n -> !Files.isRegularFile(folder.resolve(n)));
        Map<String, Object> files = new LinkedHashMap<>();
        entries.forEach((n, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sha256", e.sha256());
            if (e.landmarks() != null) {
                m.put("landmarks", e.landmarks());
            } else {
                m.put("problem", e.problem());
            }
            files.put(n, m);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("detector", detectorId);
        doc.put("files", files);
        String text = Json.write(doc);
        for (Path target : targets()) {
            try {
                AtomicFiles.writeString(target, text);
                changed = false;
                return Optional.of(target);
            } catch (IOException | UncheckedIOException | SecurityException ignored) {
                // not writable here: try the next place, or do without an index
            }
        }
        return Optional.empty();
    }

    /** Where the index may live, in order of preference (the cache, then the folder itself). */
    private List<Path> targets() {
        List<Path> out = new ArrayList<>();
        Caches.writableFolder(cacheRoot, "albums").ifPresent(d -> out.add(d.resolve(cacheName())));
        if (Files.isWritable(folder)) {
            out.add(folder.resolve(INDEX_FILE));
        }
        return out;
    }

    /** @return where the index is read from first: the cache file of this folder */
    Path cacheIndex() {
        return cacheRoot.resolve("albums").resolve(cacheName());
    }

    private String cacheName() {
        return Caches.sha256(folder.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".json";
    }

    /** Reads the first index found (cache, then folder); an unreadable or foreign one counts as none. */
    private void read() {
        List<Path> candidates = List.of(cacheIndex(), folder.resolve(INDEX_FILE));
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                Map<String, Object> doc = Json.obj(Json.parse(Files.readString(p, StandardCharsets.UTF_8)));
                if (!(doc.get("format") instanceof Number n) || n.intValue() != FORMAT
                        || !detectorId.equals(doc.get("detector"))) {
                    changed = true;   // made by another detector or format: rewrite it
                    return;
                }
                Json.obj(doc.get("files")).forEach((name, v) -> {
                    Map<String, Object> m = Json.obj(v);
                    Object l = m.get("landmarks");
                    entries.put(name, new Entry((String) m.get("sha256"), l == null ? null : Json.flat(l),
                            l == null ? String.valueOf(m.get("problem")) : null));
                });
                return;
            } catch (IOException | RuntimeException e) {
                entries.clear();
                changed = true;   // unreadable: rebuild it
                return;
            }
        }
    }
}
