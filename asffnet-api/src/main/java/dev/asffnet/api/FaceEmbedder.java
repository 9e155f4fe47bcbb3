package dev.asffnet.api;

/** Maps a face to a unit identity embedding; same person means high cosine similarity. */
public interface FaceEmbedder extends AutoCloseable {
    /**
     * Embeds a face.
     *
     * @param face an image that the face fills
     * @return a unit-length embedding of the face
     */
    float[] embed(FaceImage face);

    /**
     * Cosine similarity of two embeddings.
     *
     * @param a the first embedding
     * @param b the second embedding, of the same length
     * @return their cosine similarity
     * @throws InvalidInputException if an embedding is null or empty, or the lengths differ
     */
    static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length || a.length == 0) {
            throw new InvalidInputException("embeddings must be non-empty and of equal length");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Override
    void close();
}
