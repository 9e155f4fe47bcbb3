package dev.asffnet.geometry.mls;

import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.WarpField;
import dev.asffnet.geometry.Checks;

/**
 * Bilinear backward warping, Eqn 6:
 * {@code F^{g,w}(x, y) = sum_{(x',y') in N} F^g(x', y') max(0, 1 - |x^ - x'|) max(0, 1 - |y^ - y'|)} over the
 * 4 integer neighbours of the source position {@code (x^, y^)} given by the warp field. Neighbours outside
 * the input contribute zero ({@code grid_sample(padding_mode='zeros', align_corners=True)} in pixel units);
 * integer source positions reproduce the input exactly.
 */
public final class BilinearSampler {
    private BilinearSampler() {
    }

    /**
     * Warps planar CHW data of size {@code w x h}; the result is CHW of the field's size.
     *
     * @param chw planar input data
     * @param channels number of channels
     * @param w input width
     * @param h input height
     * @param field the backward warp giving, per output pixel, the input position to sample
     * @return planar output data of the field's width and height
     * @throws InvalidInputException on a wrong data length, bad sizes or a null field
     */
    public static float[] sample(float[] chw, int channels, int w, int h, WarpField field) {
        Checks.chw(chw, channels, w, h, "bilinear input");
        if (field == null) {
            throw new InvalidInputException("warp field is null");
        }
        int ow = field.width();
        int oh = field.height();
        int plane = w * h;
        int oplane = ow * oh;
        float[] out = new float[channels * oplane];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double sx = field.sourceX(x, y);
                double sy = field.sourceY(x, y);
                if (!(sx > -1 && sx < w && sy > -1 && sy < h)) {
                    continue; // all four neighbours outside (or NaN): zero
                }
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                double w00 = (1 - fx) * (1 - fy);
                double w10 = fx * (1 - fy);
                double w01 = (1 - fx) * fy;
                double w11 = fx * fy;
                boolean inX0 = x0 >= 0;
                boolean inX1 = x0 + 1 < w;
                boolean inY0 = y0 >= 0;
                boolean inY1 = y0 + 1 < h;
                int o = y * ow + x;
                for (int c = 0; c < channels; c++) {
                    int base = c * plane;
                    double v = 0;
                    if (inY0) {
                        int r = base + y0 * w;
                        if (inX0) {
                            v += w00 * chw[r + x0];
                        }
                        if (inX1) {
                            v += w10 * chw[r + x0 + 1];
                        }
                    }
                    if (inY1) {
                        int r = base + (y0 + 1) * w;
                        if (inX0) {
                            v += w01 * chw[r + x0];
                        }
                        if (inX1) {
                            v += w11 * chw[r + x0 + 1];
                        }
                    }
                    out[c * oplane + o] = (float) v;
                }
            }
        }
        return out;
    }

    /**
     * {@link #sample(float[], int, int, int, WarpField)} on an RGB image.
     *
     * @param image the image to warp
     * @param field the backward warp
     * @return the warped image, of the field's size
     * @throws InvalidInputException if the image or the field is null
     */
    public static FaceImage sample(FaceImage image, WarpField field) {
        if (image == null) {
            throw new InvalidInputException("image is null");
        }
        float[] out = sample(image.toArray(), FaceImage.CHANNELS, image.width(), image.height(), field);
        return FaceImage.of(field.width(), field.height(), out);
    }
}
