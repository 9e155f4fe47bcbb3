"""A tiny numpy interpreter for the ONNX ops the landmark graphs use (Mul, Sub, Div, Add, Cast, Conv,
Relu, GlobalAveragePool, Flatten, Gemm, Identity): runs an ONNX file node by node, independently of the
PyTorch rebuild, for the parity checks (there is no onnxruntime for Python here)."""
import numpy as np
import onnx
from onnx import helper, numpy_helper

_CAST = {1: np.float32, 2: np.uint8, 11: np.float64}


def _conv(x, w, b, group=1, kernel_shape=None, pads=(0, 0, 0, 0), strides=(1, 1), dilations=(1, 1)):
    assert tuple(dilations) == (1, 1)
    n, c, h, wd = x.shape
    co, ci, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::strides[0], ::strides[1]]
    ho, wo = win.shape[2], win.shape[3]
    outs = []
    cg, og = c // group, co // group
    for g in range(group):
        xs = win[:, g * cg:(g + 1) * cg]                       # (n,cg,ho,wo,kh,kw)
        ws = w[g * og:(g + 1) * og]                            # (og,cg,kh,kw)
        outs.append(np.einsum('nchwkl,ockl->nohw', xs, ws, optimize=True))
    y = np.concatenate(outs, axis=1) if group > 1 else outs[0]
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y.astype(x.dtype)


def _depthwise(x, w, pads, strides):
    """Fast path for group == channels."""
    kh, kw = w.shape[2:]
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::strides[0], ::strides[1]]
    return np.einsum('nchwkl,ckl->nchw', win, w[:, 0], optimize=True).astype(x.dtype)


def run(path_or_model, feeds, dtype=np.float32):
    m = onnx.load(path_or_model) if isinstance(path_or_model, str) else path_or_model
    env = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    env = {k: (v.astype(dtype) if v.dtype.kind == 'f' else v) for k, v in env.items()}
    env.update({k: np.asarray(v, dtype) for k, v in feeds.items()})
    for nd in m.graph.node:
        at = {a.name: helper.get_attribute_value(a) for a in nd.attribute}
        i = [env[n] if n else None for n in nd.input]
        op = nd.op_type
        if op == 'Mul':
            y = i[0] * i[1]
        elif op == 'Sub':
            y = i[0] - i[1]
        elif op == 'Div':
            y = i[0] / i[1]
        elif op == 'Add':
            y = i[0] + i[1]
        elif op == 'Cast':
            y = i[0].astype(dtype if _CAST[at['to']] in (np.float32, np.float64) else _CAST[at['to']])
        elif op == 'Relu':
            y = np.maximum(i[0], 0)
        elif op == 'Conv':
            b = i[2] if len(i) > 2 else None
            pads = at.get('pads', [0, 0, 0, 0])
            strides = at.get('strides', [1, 1])
            g = at.get('group', 1)
            if g > 1 and g == i[0].shape[1] and i[1].shape[1] == 1:
                y = _depthwise(i[0], i[1], pads, strides)
                if b is not None:
                    y = y + b.reshape(1, -1, 1, 1)
            else:
                y = _conv(i[0], i[1], b, g, pads=pads, strides=strides)
        elif op == 'GlobalAveragePool':
            y = i[0].mean(axis=(2, 3), keepdims=True)
        elif op == 'Flatten':
            y = i[0].reshape(i[0].shape[0], -1)
        elif op == 'Gemm':
            assert not at.get('transA', 0)
            B = i[1].T if at.get('transB', 0) else i[1]
            y = at.get('alpha', 1.0) * (i[0] @ B) + at.get('beta', 1.0) * i[2]
        elif op == 'Identity':
            y = i[0]
        else:
            raise NotImplementedError(op)
        env[nd.output[0]] = np.asarray(y, dtype) if np.asarray(y).dtype.kind == 'f' else y
    return {o.name: env[o.name] for o in m.graph.output}
