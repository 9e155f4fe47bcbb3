package dev.asffnet.models;

import java.io.InputStream;

/**
 * Names of the packaged model files and access to them from this module, so they load on the class path
 * and on the module path alike.
 */
public final class PackagedModels {
    /** The trained default ASFFNet network as ONNX. */
    public static final String ASFFNET_ONNX = "/dev/asffnet/models/asffnet-default.onnx";
    /** The same network's raw weights (ASWT, docs/training.md) for engines that build the graph. */
    public static final String ASFFNET_WEIGHTS = "/dev/asffnet/models/asffnet-default.weights";
    /** The default network's configuration (widths, block counts, ablation switches) as JSON. */
    public static final String ASFFNET_CONFIG = "/dev/asffnet/models/asffnet-default.json";
    /** The 256x256 network for large faces (same architecture, trained at 256) as ONNX. */
    public static final String ASFFNET_256_ONNX = "/dev/asffnet/models/asffnet-256.onnx";
    /** The 256x256 network's raw weights (ASWT). */
    public static final String ASFFNET_256_WEIGHTS = "/dev/asffnet/models/asffnet-256.weights";
    /** The 256x256 network's configuration as JSON. */
    public static final String ASFFNET_256_CONFIG = "/dev/asffnet/models/asffnet-256.json";
    /** Native side of the large-face network. */
    public static final int LARGE_FACE_SIZE = 256;
    /** Folder of the converted face-api models (detector, 68 landmarks, recognition). */
    public static final String FACE_DIR = "/dev/asffnet/models/face/";

    private PackagedModels() {
    }

    /**
     * Opens a packaged model file.
     *
     * @param name one of this class's names, or {@link #FACE_DIR} plus a file name
     * @return the stream (the caller closes it), or null when the resource is absent
     */
    public static InputStream open(String name) {
        return PackagedModels.class.getResourceAsStream(name);
    }
}
