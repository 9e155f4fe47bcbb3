package dev.asffnet.geometry.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.asffnet.api.InvalidInputException;
import dev.asffnet.geometry.TestData;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdaInTest {
    static LongStream seeds() {
        return TestData.seeds(300);
    }

    private static float[] random(Random r, int n, double mean, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (mean + std * r.nextGaussian());
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void outputHasTheTargetsPerChannelMeanAndStd(long seed) {
        Random r = new Random(seed);
        int c = 1 + r.nextInt(8);
        int hw = 4 + r.nextInt(200);
        int shw = 4 + r.nextInt(200);
        float[] content = new float[c * hw];
        float[] style = new float[c * shw];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(random(r, hw, 5 * r.nextGaussian(), 0.2 + 3 * r.nextDouble()), 0, content, ch * hw, hw);
            System.arraycopy(random(r, shw, 5 * r.nextGaussian(), 0.01 + 2 * r.nextDouble()), 0, style, ch * shw, shw);
        }
        float[] out = AdaIn.apply(content, style, c);
        for (int ch = 0; ch < c; ch++) {
            double[] so = AdaIn.stats(out, ch * hw, hw);
            double[] ss = AdaIn.stats(style, ch * shw, shw);
            double[] sc = AdaIn.stats(content, ch * hw, hw);
            assertEquals(ss[0], so[0], 1e-5 * (1 + Math.abs(ss[0])), "seed " + seed + " channel " + ch + " mean");
            // population std of the output: sigma_d * sqrt(var_g) / sqrt(var_g + eps), i.e. sigma_d up to eps
            double varG = sc[1] * sc[1] - AdaIn.EPS;
            double expectedStd = ss[1] * Math.sqrt(varG) / sc[1];
            double outStd = Math.sqrt(so[1] * so[1] - AdaIn.EPS);
            assertEquals(expectedStd, outStd, 1e-4 * expectedStd + 1e-6, "seed " + seed + " channel " + ch + " std");
            // ... which is the target's std in the conventions' sense, sqrt(var_d + eps), up to var_g / (var_g + eps)
            assertEquals(ss[1], outStd, 1e-3 * ss[1], "seed " + seed + " std ~ target");
        }
    }

    @Test
    void constantContentMapsToTheTargetMean() {
        float[] out = AdaIn.apply(new float[] {2, 2, 2, 2}, new float[] {1, 3}, 1);
        for (float v : out) {
            assertEquals(2f, v, 0f);
        }
    }

    @Test
    void badInput() {
        assertThrows(InvalidInputException.class, () -> AdaIn.apply(new float[6], new float[4], 4));
        assertThrows(InvalidInputException.class, () -> AdaIn.apply(null, new float[4], 1));
        assertThrows(InvalidInputException.class, () -> AdaIn.apply(new float[0], new float[4], 1));
    }
}
