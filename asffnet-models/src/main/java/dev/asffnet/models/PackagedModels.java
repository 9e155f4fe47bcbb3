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
