package dev.asffnet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/** The JMH annotation processor ran: every {@code @Benchmark} method is in META-INF/BenchmarkList. */
class BenchmarkListTest {
    @Test
    void everyBenchmarkMethodIsGenerated() throws IOException {
        String list;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: jmh-generator-annprocess did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int count = 0;
        for (Class<?> c : new Class<?>[] {GeometryBenchmark.class, SolveBenchmark.class}) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    String generated = c.getName() + "_" + m.getName() + "_jmhTest";
                    assertTrue(list.contains(generated.replace(c.getPackageName() + ".",
                            c.getPackageName() + ".jmh_generated.")), generated + " not in BenchmarkList");
                    count++;
                }
            }
        }
        assertTrue(count >= 20, "found only " + count + " @Benchmark methods");
    }
}
