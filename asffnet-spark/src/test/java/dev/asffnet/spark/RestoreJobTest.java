package dev.asffnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.FaceReport;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.PhotoResult;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.formats.LandmarkTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in local mode ({@code local[2]}) on 3 photos and 4 exemplars of each of 2 identities, plus a
 * corrupt photo and a photo of an identity without exemplars. Identity A's exemplars carry landmark
 * columns; identity B's are copies without stored landmarks, so the executors detect them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreJobTest {
    private static final int PHOTOS = 3;
    private static final int EXEMPLARS = 4;

    @TempDir
    static Path tmp;

    private SparkSession spark;
    private Path input;
    private RestoreJobOptions options;
    /** Photo path as given in the table -> identity. */
    private final Map<String, String> photos = new TreeMap<>();
    /** Identity -> exemplar paths as given in the table, sorted, with their exemplars. */
    private final Map<String, Map<String, Exemplar>> exemplars = new TreeMap<>();
    private String corrupt;
    private String orphan;
    private List<Row> first;

    @BeforeAll
    void runOnce() throws IOException {
        Path celeba = SparkFixture.celebaOrNull();
        Assumptions.assumeTrue(celeba != null,
                "../shared/data/celeba-faces is absent (set -Dasffnet.shared=PATH): skipping the Spark job tests");
        Map<String, List<Path>> ids = SparkFixture.identities(celeba, 2, PHOTOS + EXEMPLARS);
        assertEquals(2, ids.size(), "need 2 identities with " + (PHOTOS + EXEMPLARS) + " images");
        Map<String, Landmarks> stored = LandmarkTable.read(celeba.resolve("landmarks68.csv"));
        input = tmp.resolve("archive");
        List<String> ab = new ArrayList<>(ids.keySet());
        List<Row> photoRows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("path,identity");
        for (int i = 0; i < Landmarks.COUNT; i++) {
            csv.append(",x").append(i).append(",y").append(i);
        }
        csv.append('\n');
        try (FaceFrontEnd detect = new FaceFrontEnd(1)) {
            for (String id : ab) {
                boolean a = id.equals(ab.get(0));
                List<Path> files = ids.get(id);
                for (Path f : files.subList(0, PHOTOS)) {
                    Path copy = copy(f, input.resolve(id).resolve(f.getFileName()));
                    // A's photos relative to the input root, B's as file: URIs
                    String given = a ? id + "/" + f.getFileName() : copy.toUri().toString();
                    photos.put(given, id);
                    photoRows.add(RowFactory.create(given, id));
                }
                Map<String, Exemplar> ex = new TreeMap<>();
                for (Path f : files.subList(PHOTOS, PHOTOS + EXEMPLARS)) {
                    Path file = a ? f : copy(f, tmp.resolve("exemplars").resolve(id).resolve(f.getFileName()));
                    FaceImage img = FaceImage.read(file);
                    Landmarks l = a ? stored.get(celeba.relativize(f).toString()) : detect.detect(img);
                    ex.put(file.toString(), new Exemplar(img, l));
                    csv.append(file).append(',').append(id);
                    for (int i = 0; i < Landmarks.COUNT; i++) {
                        csv.append(',').append(a ? String.valueOf(l.x(i)) : "").append(',').append(a ? String.valueOf(l.y(i)) : "");
                    }
                    csv.append('\n');
                }
                exemplars.put(id, ex);
            }
        }
        corrupt = ab.get(0) + "/corrupt.jpg";
        Files.write(input.resolve(corrupt), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5});
        photoRows.add(RowFactory.create(corrupt, ab.get(0)));
        orphan = "nobody/" + ids.get(ab.get(0)).get(0).getFileName();
        copy(ids.get(ab.get(0)).get(0), input.resolve(orphan));
        photoRows.add(RowFactory.create(orphan, "nobody"));
        Path exemplarTable = Files.writeString(tmp.resolve("exemplars.csv"), csv);

        spark = SparkFixture.local(2);
        // a few rows of metadata: interpreted plans and no adaptive re-planning are quicker than compiling them
        spark.conf().set("spark.sql.codegen.wholeStage", "false");
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        String photoTable = tmp.resolve("photos.parquet").toString();
        spark.createDataFrame(photoRows, new StructType().add("path", DataTypes.StringType).add("identity", DataTypes.StringType))
                .write().parquet(photoTable);
        options = RestoreJobOptions.of(photoTable, exemplarTable.toString(), input, tmp.resolve("restored"),
                tmp.resolve("results.parquet").toString());
        first = RestoreJob.run(spark, options).collectAsList();
    }

    @AfterAll
    void stop() throws IOException {
        if (spark != null) {
            spark.close();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        return Files.copy(from, to);
    }

    private static Map<String, List<Row>> byPhoto(List<Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.getAs("photo"), TreeMap::new, Collectors.toList()));
    }

    @Test
    void everyPhotoMatchesRestorePhotoCalledDirectly() {
        Map<String, List<Row>> rows = byPhoto(first);
        try (Restorer direct = Restorers.open("onnx", RestorerOptions.defaults().withThreads(1))) {
            for (Map.Entry<String, String> p : photos.entrySet()) {
                List<Row> faces = rows.get(p.getKey());
                assertNotNull(faces, "no result row for " + p.getKey());
                Path file = p.getKey().startsWith("file:") ? Path.of(java.net.URI.create(p.getKey())) : input.resolve(p.getKey());
                Map<String, Exemplar> ex = exemplars.get(p.getValue());
                // the job loads each exemplar through Restorer.prepare (its region at the largest network's scale),
                // which equals the original to float rounding only at that scale: compare with the same inputs
                PhotoResult expected = direct.restorePhoto(FaceImage.read(file),
                        ex.values().stream().map(direct::prepare).toList());
                List<String> exPaths = List.copyOf(ex.keySet());
                assertEquals(expected.faces().size(), faces.size(), "faces of " + p.getKey());
                for (Row r : faces) {
                    assertEquals("ok", r.getAs("status"), () -> p.getKey() + ": " + r.getAs("error"));
                    assertNull(r.getAs("error"));
                    FaceReport f = expected.faces().get(r.<Integer>getAs("face"));
                    assertEquals(f.box().x(), r.<Double>getAs("box_x"), 1e-9);
                    assertEquals(f.box().y(), r.<Double>getAs("box_y"), 1e-9);
                    assertEquals(f.box().width(), r.<Double>getAs("box_w"), 1e-9);
                    assertEquals(f.box().height(), r.<Double>getAs("box_h"), 1e-9);
                    assertEquals(exPaths.get(f.exemplarIndex()), r.getAs("exemplar"));
                    assertEquals(f.distance(), r.<Double>getAs("distance"), 1e-6 * Math.max(1, Math.abs(f.distance())));
                    assertTrue(r.<Double>getAs("restore_ms") > 0);
                }
                Path out = Path.of(faces.get(0).<String>getAs("output"));
                assertEquals(tmp.resolve("restored").resolve(input.relativize(file)).resolveSibling(
                        file.getFileName().toString().replace(".jpg", ".png")), out);
                assertArrayEquals(rgb(expected.image().toBufferedImage()), rgb(FaceImage.read(out).toBufferedImage()),
                        "restored pixels of " + p.getKey() + " differ from restorePhoto's");
            }
        }
    }

    private static int[] rgb(BufferedImage b) {
        return b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
    }

    @Test
    void badPhotosAreErrorRowsWhileOthersSucceed() throws IOException {
        Map<String, List<Row>> rows = byPhoto(first);
        assertEquals(photos.size() + 2, rows.size());
        Row bad = rows.get(corrupt).get(0);
        assertEquals("error", bad.getAs("status"));
        assertTrue(bad.<String>getAs("error").startsWith("ImageReadException"), bad.<String>getAs("error"));
        Row none = rows.get(orphan).get(0);
        assertEquals("error", none.getAs("status"));
        assertTrue(none.<String>getAs("error").contains("no usable exemplar for identity 'nobody'"), none.<String>getAs("error"));
        photos.keySet().forEach(p -> assertEquals("ok", rows.get(p).get(0).getAs("status"), p));
        try (var s = Files.walk(tmp.resolve("restored"))) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().contains(".tmp")), "a temporary file was left behind");
        }
    }

    @Test
    void rerunSkipsEverythingDone() throws IOException {
        Map<Path, FileTime> written = new HashMap<>();
        for (Row r : first) {
            if ("ok".equals(r.getAs("status"))) {
                Path out = Path.of(r.<String>getAs("output"));
                written.put(out, Files.getLastModifiedTime(out));
            }
        }
        List<Row> again = RestoreJob.run(spark, new RestoreJobOptions(options.photos(), options.exemplars(),
                options.inputRoot(), options.outputRoot(), tmp.resolve("results-rerun.parquet").toString(),
                options.backend(), options.device(), options.threads(), options.model(), 3)).collectAsList();
        Map<String, List<Row>> rows = byPhoto(again);
        assertEquals(photos.size() + 2, rows.size());
        for (String p : photos.keySet()) {
            assertEquals(1, rows.get(p).size());
            assertEquals("skipped", rows.get(p).get(0).getAs("status"), p);
        }
        assertEquals("error", rows.get(corrupt).get(0).getAs("status"));
        assertEquals(photos.size(), written.size());
        for (Map.Entry<Path, FileTime> w : written.entrySet()) {
            assertEquals(w.getValue(), Files.getLastModifiedTime(w.getKey()), "rewritten: " + w.getKey());
        }
    }
}
