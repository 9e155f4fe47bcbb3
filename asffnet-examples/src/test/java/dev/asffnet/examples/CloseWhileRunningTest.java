package dev.asffnet.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Exemplar;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.Restorer;
import dev.asffnet.api.NoFaceFoundException;
import dev.asffnet.api.RestorerClosedException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.api.Restorers;
import dev.asffnet.face.FaceFrontEnd;
import dev.asffnet.face.OnnxFaceDetector;
import dev.asffnet.onnx.OnnxAsffnetNetwork;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.tf.TfAsffnetNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * close() of a shared restorer, network or face net while 4 threads use it: every call either succeeds or
 * throws {@link RestorerClosedException}, on both backends (before: SIGSEGV in OrtSession.run on onnx,
 * IllegalStateException on tf), and closing twice is a no-op.
 */
class CloseWhileRunningTest {
    private static final int THREADS = 4;

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "tf"})
    void closingARestorerWhileThreadsRestore(String backend) throws Exception {
        List<Exemplar> faces = faces(3);
        Restorer r = Restorers.open(backend, RestorerOptions.defaults().withThreads(1));
        race(() -> r.restore(faces.get(0), faces.subList(1, 3)), r);
        assertThrows(RestorerClosedException.class, () -> r.restoreAll(faces.subList(0, 1), faces));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "tf"})
    void closingANetworkWhileThreadsRunIt(String backend) throws Exception {
        RestorerOptions o = RestorerOptions.defaults().withThreads(1);
        AsffnetNetwork net = backend.equals("onnx") ? OnnxAsffnetNetwork.open(o) : TfAsffnetNetwork.open(o);
        int s = net.size();
        EngineInput in = new EngineInput(1, s, new float[3 * s * s], new float[3 * s * s],
                new float[(s / 4) * (s / 4) * 2], new float[s * s]);
        race(() -> net.forward(in), net);
    }

    @Test
    void closingFaceNetsWhileThreadsDetect() throws Exception {
        FaceImage photo = faces(1).get(0).image();
        OnnxFaceDetector detector = new OnnxFaceDetector(null, 0.5, 10, 1);
        race(() -> detector.detect(photo), detector);
        FaceFrontEnd front = new FaceFrontEnd(1);
        // random pixels: no face, so detect() runs both nets and then rejects the landmarks; that is fine here
        race(() -> {
            try {
                return front.detect(photo);
            } catch (NoFaceFoundException e) {
                return null;
            }
        }, front);
    }

    /** Runs {@code call} in a loop on 4 threads, closes {@code target} (twice) once each thread succeeded. */
    private static void race(Callable<?> call, AutoCloseable target) throws Exception {
        CountDownLatch running = new CountDownLatch(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    try {
                        while (true) {
                            call.call();
                            if (ok++ == 0) {
                                running.countDown();
                            }
                        }
                    } catch (RestorerClosedException e) {
                        return ok;
                    } finally {
                        if (ok == 0) {
                            running.countDown();
                        }
                    }
                }));
            }
            running.await();
            target.close();
            target.close();
            for (Future<Integer> f : results) {
                assertTrue(f.get() > 0, "every thread succeeded before the close");
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Random-pixel 160x160 images with an oval of 68 landmarks (no model needs a real face here). */
    private static List<Exemplar> faces(int n) {
        Random rnd = new Random(11);
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] xy = new double[2 * Landmarks.COUNT];
            for (int k = 0; k < Landmarks.COUNT; k++) {
                double t = 2 * Math.PI * k / Landmarks.COUNT;
                xy[2 * k] = 80 + 35 * Math.cos(t) + rnd.nextGaussian();
                xy[2 * k + 1] = 80 + 45 * Math.sin(t) + rnd.nextGaussian();
            }
            float[] px = new float[3 * 160 * 160];
            for (int k = 0; k < px.length; k++) {
                px[k] = rnd.nextFloat();
            }
            out.add(new Exemplar(FaceImage.of(160, 160, px), Landmarks.of(xy)));
        }
        return out;
    }
}
