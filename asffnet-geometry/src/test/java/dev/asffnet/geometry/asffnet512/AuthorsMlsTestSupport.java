package dev.asffnet.geometry.asffnet512;

final class AuthorsMlsTestSupport {
    private AuthorsMlsTestSupport() {
    }

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
