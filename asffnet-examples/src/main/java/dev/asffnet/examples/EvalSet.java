package dev.asffnet.examples;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.LandmarkTable;
import dev.asffnet.geometry.crop.AlignedFace;
import dev.asffnet.geometry.crop.FaceAligner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test set of identity groups: a data folder with identity sub-folders and a {@code landmarks68.csv}
 * ({@code file,x0,y0,...}, paths relative to the folder), restricted to the identities of a split file
 * ({@code "val_identities": [...]}, {@code "rejected": {file: reason}}, as training/split.json writes it).
 */
public final class EvalSet {
    /** One identity: its images (with landmarks), in file-name order. */
    public record Group(String identity, List<Path> files, List<Landmarks> landmarks) {
        /** Image i with its stored landmarks. */
        public Exemplar exemplar(int i) {
            return new Exemplar(FaceImage.read(files.get(i)), landmarks.get(i));
        }

        /** The ground truth: image i aligned to the canonical crop of side {@code size}. */
        public AlignedFace groundTruth(int i, int size) {
            return FaceAligner.align(FaceImage.read(files.get(i)), landmarks.get(i), size);
        }
    }

    private EvalSet() {
    }

    /**
     * The identity groups of {@code data} with at least two images, restricted to the split's validation
     * identities when {@code split} is not null.
     */
    public static List<Group> load(Path data, Path split) throws IOException {
        Path csv = data.resolve("landmarks68.csv");
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException("no landmarks68.csv in " + data);
        }
        Set<String> ids = null;
        Set<String> rejected = new HashSet<>();
        if (split != null) {
            String json = Files.readString(split);
            ids = new HashSet<>(strings(json, "val_identities"));
            Matcher rej = Pattern.compile("\"rejected\"\\s*:\\s*\\{([^}]*)\\}").matcher(json);
            if (rej.find()) {
                Matcher k = Pattern.compile("\"([^\"]+)\"\\s*:").matcher(rej.group(1));
                while (k.find()) {
                    rejected.add(k.group(1));
                }
            }
        }
        Map<String, Group> groups = new TreeMap<>();
        for (Map.Entry<String, Landmarks> e : LandmarkTable.read(csv).entrySet()) {
            String file = e.getKey();
            String id = file.contains("/") ? file.substring(0, file.indexOf('/')) : "all";
            if (rejected.contains(file) || (ids != null && !ids.contains(id))) {
                continue;
            }
            Group g = groups.computeIfAbsent(id, x -> new Group(x, new ArrayList<>(), new ArrayList<>()));
            g.files().add(data.resolve(file));
            g.landmarks().add(e.getValue());
        }
        List<Group> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.files().size() >= 2) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("no identity with at least 2 images in " + data
                    + (split == null ? "" : " for split " + split));
        }
        return out;
    }

    private static List<String> strings(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) {
            throw new InvalidInputException("split file has no \"" + key + "\" list");
        }
        List<String> out = new ArrayList<>();
        Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (s.find()) {
            out.add(s.group(1));
        }
        return out;
    }

    /** The shared data folder, found by walking up from the working directory ({@code ../shared/data/...}). */
    public static Path defaultData() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path d = dir.resolve("shared/data/celeba-faces");
            if (Files.isDirectory(d)) {
                return d;
            }
            Path sib = dir.resolveSibling("shared").resolve("data/celeba-faces");
            if (Files.isDirectory(sib)) {
                return sib;
            }
        }
        throw new InvalidInputException("cannot find ../shared/data/celeba-faces; pass --data DIR");
    }

    /** training/split.json of the repository, found by walking up from the working directory, or null. */
    static Path defaultSplit() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path s = dir.resolve("training/split.json");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }
}
