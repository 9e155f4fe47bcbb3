package dev.asffnet.tf;

import dev.asffnet.api.AsffnetException;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.ModelLoadException;
import dev.asffnet.api.RestorerOptions;
import dev.asffnet.formats.pth.Tensor;
import dev.asffnet.pipeline.AsffnetNetwork;
import dev.asffnet.pipeline.EngineInput;
import dev.asffnet.pipeline.asffnet512.Asffnet512Io;
import dev.asffnet.pipeline.asffnet512.Asffnet512Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The authors' ASFFNet512 (notes sections 2-4) built as a TensorFlow graph in Java from spectral-norm-folded
 * weights ({@link Asffnet512Weights}), NHWC, for one image side fixed at construction: the two feature
 * extractors, AdaIN with the unbiased variance on the unwarped guidance features, bilinear grid sampling,
 * guidance conditioning, 4 ASFF blocks and a final SFF layer (Eqn 8's gated fusion {@code D' + (G' - D') M}),
 * the multi-scale dilated block, and the reconstruction with align-corners bilinear upsampling, global skip
 * and tanh. As an {@link AsffnetNetwork} it takes the pipeline's [0,1] images and align-corners grid.
 */
public final class TfAsffnet512Network implements AsffnetNetwork {
    private final Graph graph;
    private final Session session;
    private final int size;
    private final Placeholder<TFloat32> lq;
    private final Placeholder<TFloat32> ref;
    private final Placeholder<TFloat32> mask;
    private final Placeholder<TFloat32> grid;
    private final Operand<TFloat32> out;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Reads, checks and folds a {@code .pth} and builds the 512 network.
     *
     * @param pth the ASFFNet512 checkpoint
     * @param device where inference runs
     * @param threads intra-op threads; 0: TensorFlow's default
     * @return the network (the caller closes it)
     * @throws ModelLoadException if the checkpoint cannot be read or does not match ASFFNet512
     */
    public static TfAsffnet512Network open(Path pth, RestorerOptions.Device device, int threads) {
        return new TfAsffnet512Network(Asffnet512Weights.load(pth), Asffnet512Weights.SIZE, device, threads);
    }

    /**
     * Builds the network from folded weights.
     *
     * @param weights folded weights ({@code P.weight}, {@code P.bias})
     * @param size the image side, a multiple of 4
     * @param device where inference runs
     * @param threads intra-op threads; 0: TensorFlow's default
     * @throws InvalidInputException if {@code size} is not a positive multiple of 4
     * @throws ModelLoadException if a weight is missing or left unused
     */
    public TfAsffnet512Network(Map<String, Tensor> weights, int size, RestorerOptions.Device device, int threads) {
        if (size < 4 || size % 4 != 0) {
            throw new InvalidInputException("ASFFNet512 image side must be a positive multiple of 4, got " + size);
        }
        this.size = size;
        Graph g = new Graph();
        try {
            Ops tf = Ops.create(g);
            int f = size / 4;
            lq = tf.withName("lq").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
            ref = tf.withName("ref").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
            mask = tf.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
            grid = tf.withName("grid").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, f, f, 2)));
            Builder b = new Builder(tf, weights);
            out = tf.withName("out").identity(b.network(lq, ref, mask, grid, f));
            Set<String> unused = new TreeSet<>(weights.keySet());
            unused.removeAll(b.used);
            if (!unused.isEmpty()) {
                throw new ModelLoadException("ASFFNet512 weights not used by the TF graph: " + unused);
            }
            graph = g;
            session = new Session(g, TfAsffnetNetwork.sessionConfig(device, threads));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * One forward in the release's conventions (NCHW, [-1,1], grid normalised for align_corners=False).
     *
     * @param n batch
     * @param lqIn {@code [n,3,size,size]} degraded faces in [-1,1]
     * @param refIn {@code [n,3,size,size]} guidance faces in [-1,1]
     * @param maskIn {@code [n,1,size,size]} landmark maps
     * @param gridAlignFalse {@code [n,size/4,size/4,2]} sampling grid normalised for align_corners=False
     * @return {@code [n,3,size,size]} in [-1,1]
     */
    public float[] run(int n, float[] lqIn, float[] refIn, float[] maskIn, float[] gridAlignFalse) {
        int g = size / 4;
        float[] gt = new float[gridAlignFalse.length];
        for (int i = 0; i < gt.length; i++) {
            double px = ((gridAlignFalse[i] + 1.0) * g - 1) / 2;   // pixel position read by grid_sample
            gt[i] = (float) (2 * px / (g - 1) - 1);                 // the same position, align-corners normalised
        }
        return runAlignCorners(n, lqIn, refIn, maskIn, gt);
    }

    private float[] runAlignCorners(int n, float[] lqIn, float[] refIn, float[] maskIn, float[] gridIn) {
        int s = size;
        int g = s / 4;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("TF ASFFNet512 network is closed");
            }
            List<TFloat32> owned = new ArrayList<>(4);
            try {
                Session.Runner r = session.runner();
                r.feed(lq, add(owned, Shape.of(n, s, s, 3), TfAsffnetNetwork.nchwToNhwc(lqIn, n, 3, s * s)));
                r.feed(ref, add(owned, Shape.of(n, s, s, 3), TfAsffnetNetwork.nchwToNhwc(refIn, n, 3, s * s)));
                r.feed(mask, add(owned, Shape.of(n, s, s, 1), maskIn));
                r.feed(grid, add(owned, Shape.of(n, g, g, 2), gridIn));
                try (Result res = r.fetch(out).run()) {
                    float[] nhwc = new float[n * 3 * s * s];
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(nhwc, false, false));
                    return TfAsffnetNetwork.nhwcToNchw(nhwc, n, 3, s * s);
                }
            } catch (org.tensorflow.exceptions.TensorFlowException e) {
                throw new AsffnetException("TensorFlow failed to run ASFFNet512: " + e.getMessage(), e);
            } finally {
                owned.forEach(TFloat32::close);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private static TFloat32 add(List<TFloat32> owned, Shape shape, float[] data) {
        if (data.length != shape.size()) {
            throw new InvalidInputException("ASFFNet512 input of shape " + shape + " needs " + shape.size()
                    + " floats, got " + data.length);
        }
        TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(data, true, false));
        owned.add(t);
        return t;
    }

    /** The pipeline's [0,1] images to [-1,1] and back; its align-corners grid is what the graph samples with. */
    @Override
    public float[] forward(EngineInput input) {
        if (input.size() != size) {
            throw new InvalidInputException("input size " + input.size() + " differs from the network's " + size);
        }
        float[] o = runAlignCorners(input.batch(), Asffnet512Io.toSigned(input.degraded()), Asffnet512Io.toSigned(input.guidance()),
                input.landmarkMap(), input.warpGrid());
        return Asffnet512Io.toUnitInPlace(o);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
                graph.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Builds the graph from named folded weights, recording which were used. */
    private static final class Builder {
        final Ops tf;
        final Map<String, Tensor> w;
        final Set<String> used = new HashSet<>();

        Builder(Ops tf, Map<String, Tensor> w) {
            this.tf = tf;
            this.w = w;
        }

        Operand<TFloat32> network(Operand<TFloat32> lqIn, Operand<TFloat32> refIn, Operand<TFloat32> maskIn,
                Operand<TFloat32> gridIn, int f) {
            Operand<TFloat32> fd = extractor("LQ_Model", lqIn);
            Operand<TFloat32> fg = extractor("Ref_Model", refIn);
            Operand<TFloat32> warped = TfOps.gridSample(tf, adain(fg, fd, f * f), gridIn, f, f);
            Operand<TFloat32> gc = component(warped);
            Operand<TFloat32> l = maskC(maskIn);
            Operand<TFloat32> x = fd;
            for (int i = 0; i < 4; i++) {
                x = asffBlock("sff_branch." + i, x, gc, l);
            }
            x = sff("sff_branch.4", x, gc, l);
            x = msDilate(x);
            return up(tf.math.add(x, fd), f);
        }

        Operand<TFloat32> conv(Operand<TFloat32> x, String p, int stride, int dilation) {
            Tensor k = weight(p + ".weight");
            int[] s = k.shape();
            Tensor bias = w.get(p + ".bias");
            if (bias != null) {
                used.add(p + ".bias");
            }
            return TfOps.conv(tf, x, TfOps.oihwToHwio(k.data(), s[0], s[1], s[2], s[3]), s[2], s[1], s[0],
                    bias == null ? null : bias.data(), stride, (s[2] - 1) / 2 * dilation, dilation);
        }

        Operand<TFloat32> conv(Operand<TFloat32> x, String p) {
            return conv(x, p, 1, 1);
        }

        Tensor weight(String key) {
            Tensor t = w.get(key);
            if (t == null) {
                throw new ModelLoadException("ASFFNet512 weight '" + key + "' missing");
            }
            used.add(key);
            return t;
        }

        Operand<TFloat32> lrelu(Operand<TFloat32> x) {
            return TfOps.lrelu(tf, x);
        }

        /** Section 4.1. */
        Operand<TFloat32> extractor(String p, Operand<TFloat32> x) {
            x = lrelu(conv(x, p + ".conv1.0"));
            x = res(res(x, p + ".stem1_1", 7, 5), p + ".stem1_2", 7, 5);
            x = lrelu(conv(x, p + ".conv2.0", 2, 1));
            x = res(res(x, p + ".stem2_1", 5, 3), p + ".stem2_2", 5, 3);
            x = lrelu(conv(x, p + ".conv3.0", 2, 1));
            x = res(res(x, p + ".stem3_1", 3, 1), p + ".stem3_2", 3, 1);
            return lrelu(conv(x, p + ".conv4.0"));
        }

        Operand<TFloat32> res(Operand<TFloat32> x, String p, int d0, int d1) {
            return tf.math.add(x, conv(lrelu(conv(x, p + ".stem.0", 1, d0)), p + ".stem.2", 1, d1));
        }

        /** Section 4.2: no bias, sigmoid at the end. */
        Operand<TFloat32> maskC(Operand<TFloat32> m) {
            String p = "Mask_CModel.model.";
            m = lrelu(conv(m, p + "0", 2, 1));
            m = lrelu(conv(m, p + "2"));
            m = lrelu(conv(m, p + "4", 2, 1));
            m = lrelu(conv(m, p + "6"));
            return tf.math.sigmoid(conv(m, p + "8"));
        }

        /** Section 4.3: global statistics, unbiased variance + 1e-5 under the root. */
        Operand<TFloat32> adain(Operand<TFloat32> fg, Operand<TFloat32> fd, int hw) {
            Operand<TInt32> axes = tf.constant(new int[] {1, 2});
            Operand<TFloat32> unbias = tf.constant((float) hw / (hw - 1));
            Operand<TFloat32> e = tf.constant(1e-5f);
            Operand<TFloat32> mg = tf.math.mean(fg, axes, Mean.keepDims(true));
            Operand<TFloat32> md = tf.math.mean(fd, axes, Mean.keepDims(true));
            Operand<TFloat32> cg = tf.math.sub(fg, mg);
            Operand<TFloat32> cd = tf.math.sub(fd, md);
            Operand<TFloat32> sg = tf.math.sqrt(tf.math.add(tf.math.mul(
                    tf.math.mean(tf.math.square(cg), axes, Mean.keepDims(true)), unbias), e));
            Operand<TFloat32> sd = tf.math.sqrt(tf.math.add(tf.math.mul(
                    tf.math.mean(tf.math.square(cd), axes, Mean.keepDims(true)), unbias), e));
            return tf.math.add(tf.math.mul(tf.math.div(cg, sg), sd), md);
        }

        /** Section 4.5. */
        Operand<TFloat32> component(Operand<TFloat32> x) {
            String p = "Component_CModel.model.";
            x = lrelu(conv(x, p + "0"));
            x = upRes(x, p + "2.Model");
            x = lrelu(conv(x, p + "3"));
            x = upRes(x, p + "5.Model");
            return lrelu(conv(x, p + "6"));
        }

        Operand<TFloat32> upRes(Operand<TFloat32> x, String p) {
            return tf.math.add(x, lrelu(conv(lrelu(conv(x, p + ".0")), p + ".2")));
        }

        /** Section 4.6: D' + (G' - D') M, M unbounded. */
        Operand<TFloat32> sff(String p, Operand<TFloat32> d, Operand<TFloat32> g, Operand<TFloat32> l) {
            Operand<TFloat32> d2 = conv(lrelu(conv(d, p + ".DegradedModel.0")), p + ".DegradedModel.2");
            Operand<TFloat32> g2 = conv(lrelu(conv(g, p + ".RefModel.0")), p + ".RefModel.2");
            Operand<TFloat32> cat = tf.concat(List.of(conv(l, p + ".MaskConcat.0"), conv(d2, p + ".DegradedConcat.0"),
                    conv(g2, p + ".RefConcat.0")), tf.constant(3));
            Operand<TFloat32> m = conv(lrelu(conv(cat, p + ".MaskModel.0")), p + ".MaskModel.2");
            return tf.math.add(d2, tf.math.mul(tf.math.sub(g2, d2), m));
        }

        /** Section 4.7. */
        Operand<TFloat32> asffBlock(String p, Operand<TFloat32> x, Operand<TFloat32> g, Operand<TFloat32> l) {
            Operand<TFloat32> y = convPair(sff(p + ".sff0", x, g, l), p + ".conv0");
            return tf.math.add(x, convPair(sff(p + ".sff1", y, g, l), p + ".conv1"));
        }

        Operand<TFloat32> convPair(Operand<TFloat32> x, String p) {
            return lrelu(conv(lrelu(conv(x, p + ".0")), p + ".2"));
        }

        /** Section 4.8: dilations 4, 3, 2, 1. */
        Operand<TFloat32> msDilate(Operand<TFloat32> x) {
            List<Operand<TFloat32>> branches = new ArrayList<>();
            int[] dil = {4, 3, 2, 1};
            for (int i = 0; i < 4; i++) {
                branches.add(lrelu(conv(x, "MSDilate.conv" + (i + 1) + ".0", 1, dil[i])));
            }
            Operand<TFloat32> y = conv(lrelu(conv(tf.concat(branches, tf.constant(3)), "MSDilate.convi.0")),
                    "MSDilate.convi.2");
            return tf.math.add(x, y);
        }

        /** Section 4.9. */
        Operand<TFloat32> up(Operand<TFloat32> x, int f) {
            x = upsample(x, 2 * f);
            x = lrelu(conv(x, "UpModel.1"));
            x = upDilateRes(x, "UpModel.3", 1, 2);
            x = lrelu(conv(x, "UpModel.4"));
            x = upDilateRes(x, "UpModel.6", 1, 2);
            x = upsample(x, 4 * f);
            x = upDilateRes(x, "UpModel.8", 1, 1);
            return tf.math.tanh(conv(x, "UpModel.9"));
        }

        Operand<TFloat32> upsample(Operand<TFloat32> x, int side) {
            return tf.image.resizeBilinear(x, tf.constant(new int[] {side, side}), ResizeBilinear.alignCorners(true));
        }

        Operand<TFloat32> upDilateRes(Operand<TFloat32> x, String p, int d0, int d1) {
            Operand<TFloat32> y = tf.math.add(x, lrelu(conv(lrelu(conv(x, p + ".Model0.0", 1, d0)), p + ".Model0.2", 1, d0)));
            return tf.math.add(y, lrelu(conv(lrelu(conv(y, p + ".Model1.0", 1, d1)), p + ".Model1.2", 1, d1)));
        }
    }
}
