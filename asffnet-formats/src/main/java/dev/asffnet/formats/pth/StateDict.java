package dev.asffnet.formats.pth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors of a checkpoint in their stored order.
 *
 * @param tensors key to tensor, in the checkpoint's order (unmodifiable)
 * @param source where in the checkpoint they were found: {@code "params"} (the sub-dict under that key, as
 *     in the authors' ASFFNet512.pth), {@code "state_dict"}, or {@code "top level"} (a plain state dict)
 */
public record StateDict(Map<String, Tensor> tensors, String source) {
    /**
     * Copies the tensors, keeping their order.
     *
     * @param tensors key to tensor, in the checkpoint's order
     * @param source where in the checkpoint they were found
     */
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Looks up one tensor.
     *
     * @param key the state-dict key
     * @return the tensor under {@code key}, or null
     */
    public Tensor get(String key) {
        return tensors.get(key);
    }
}
