package dev.asffnet.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One instance shared by several threads gives the same answers as serial calls (no data needed). */
class ConcurrencyTest {
    @Test
    void sharedInstancesAreThreadSafe() throws Exception {
        Random rnd = new Random(7);
        List<FaceImage> images = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            int w = 60 + 17 * k;
            int h = 80 + 5 * k;
            float[] d = new float[3 * w * h];
            for (int i = 0; i < d.length; i++) {
                d[i] = rnd.nextFloat();
            }
            images.add(FaceImage.of(w, h, d));
        }
        try (OnnxLandmarkDetector lmd = new OnnxLandmarkDetector(null, 1);
             OnnxFaceEmbedder emb = new OnnxFaceEmbedder(null, 1)) {
            List<double[]> serialLm = new ArrayList<>();
            List<float[]> serialEmb = new ArrayList<>();
            for (FaceImage im : images) {
                serialLm.add(lmd.detect(im, new FaceBox(5, 7, im.width() - 10, im.height() - 9, 1)).toArray());
                serialEmb.add(emb.embed(im));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int rep = 0; rep < 4; rep++) {
                    for (int k = 0; k < images.size(); k++) {
                        int kk = k;
                        fs.add(pool.submit(() -> {
                            FaceImage im = images.get(kk);
                            assertArrayEquals(serialLm.get(kk),
                                    lmd.detect(im, new FaceBox(5, 7, im.width() - 10, im.height() - 9, 1)).toArray(), 1e-9);
                            assertArrayEquals(serialEmb.get(kk), emb.embed(im), 1e-7f);
                            return null;
                        }));
                    }
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                assertEquals(24, fs.size());
            } finally {
                pool.shutdown();
            }
        }
    }
}
