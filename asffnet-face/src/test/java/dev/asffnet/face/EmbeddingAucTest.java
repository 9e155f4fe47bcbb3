package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.FaceEmbedder;
import dev.asffnet.api.FaceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Identity separation on celeba-faces (skipped without ../shared): same-identity pairs must be more similar
 * than different-identity pairs. Embeddings through the full FaceAnalyzer (detector, landmarks, face-api's
 * aligned box); 3 images each of 60 identities; all same-identity pairs against as many random
 * different-identity pairs; ROC AUC of the cosine similarity.
 */
class EmbeddingAucTest {
    @Test
    void sameIdentityIsCloser() throws IOException {
        Path celeba = TestData.celeba();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(celeba)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        List<float[]> emb = new ArrayList<>();
        List<Integer> ident = new ArrayList<>();
        int identities = 0;
        try (FaceAnalyzer fa = new FaceAnalyzer()) {
            for (int d = 0; d < dirs.size() && identities < 60; d += 3) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dirs.get(d))) {
                    files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
                }
                int got = 0;
                for (Path f : files) {
                    List<FaceAnalyzer.Face> faces = fa.analyze(FaceImage.read(f));
                    if (!faces.isEmpty()) {
                        emb.add(faces.get(0).embedding());
                        ident.add(identities);
                        got++;
                    }
                }
                if (got > 0) {
                    identities++;
                }
            }
        }
        List<Double> same = new ArrayList<>();
        for (int i = 0; i < emb.size(); i++) {
            for (int j = i + 1; j < emb.size(); j++) {
                if (ident.get(i).equals(ident.get(j))) {
                    same.add(FaceEmbedder.cosine(emb.get(i), emb.get(j)));
                }
            }
        }
        List<Double> diff = new ArrayList<>();
        Random rnd = new Random(42);
        while (diff.size() < same.size()) {
            int i = rnd.nextInt(emb.size());
            int j = rnd.nextInt(emb.size());
            if (!ident.get(i).equals(ident.get(j))) {
                diff.add(FaceEmbedder.cosine(emb.get(i), emb.get(j)));
            }
        }
        double auc = auc(same, diff);
        System.out.printf("embedding AUC %.4f on %d same / %d different pairs (%d faces, %d identities); "
                + "mean cosine same %.3f, different %.3f%n", auc, same.size(), diff.size(), emb.size(), identities,
                same.stream().mapToDouble(x -> x).average().orElse(0), diff.stream().mapToDouble(x -> x).average().orElse(0));
        assertTrue(same.size() >= 100, "too few same-identity pairs: " + same.size());
        assertTrue(auc > 0.95, "ROC AUC " + auc);
    }

    /** Probability that a random same pair scores above a random different pair (ties count half). */
    static double auc(List<Double> pos, List<Double> neg) {
        double wins = 0;
        for (double p : pos) {
            for (double n : neg) {
                wins += p > n ? 1 : (p == n ? 0.5 : 0);
            }
        }
        return wins / ((double) pos.size() * neg.size());
    }
}
