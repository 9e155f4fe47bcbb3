package dev.asffnet.formats.pth;

import dev.asffnet.api.InvalidInputException;
import java.util.Arrays;

/**
 * A dense tensor read from or written to a checkpoint: C-order float32 values and a shape (empty for a 0-d
 * tensor). Other dtypes are converted to float32 on reading; {@code dtype} names the stored one.
 *
 * @param dtype the stored element type, e.g. {@code float32}, {@code float16}, {@code int64}
 * @param shape the sizes, outermost first
 * @param data {@code prod(shape)} values in C order
 */
public record Tensor(String dtype, int[] shape, float[] data) {
    /**
     * Copies the shape and checks the number of values.
     *
     * @param dtype the stored element type
     * @param shape the sizes, outermost first (copied)
     * @param data {@code prod(shape)} values in C order (not copied)
     * @throws InvalidInputException if {@code data} does not hold {@code prod(shape)} values
     */
    public Tensor {
        shape = shape.clone();
        if (data == null || data.length != numel(shape)) {
            throw new InvalidInputException("tensor of shape " + Arrays.toString(shape) + " needs " + numel(shape)
                    + " values, got " + (data == null ? "null" : data.length));
        }
    }

    /**
     * A float32 tensor.
     *
     * @param data {@code prod(shape)} values in C order (not copied)
     * @param shape the sizes, outermost first
     * @return a tensor of dtype {@code float32}
     * @throws InvalidInputException if {@code data} does not hold {@code prod(shape)} values
     */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor("float32", shape, data);
    }

    /**
     * The sizes.
     *
     * @return a copy of the shape
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public int numel() {
        return data.length;
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
