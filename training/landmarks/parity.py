"""Parity checks of the PyTorch rebuild and of export.py.

    cd training && /usr/bin/python3 -m landmarks.parity [--n 36]

1. Rebuild (float64) on the original ONNX weights vs the data sets' reference landmarks68.csv, using the
   preprocessing those references were made with (box floored; PIL 8-bit RGB BILINEAR resize of the box
   to 112x112; x = out * side + box origin): celeba-faces box (S/4, 0.21 S, S/2, S/2), lfw-train box
   (61, 82, 122, 122). Also reports how far the Java front end's preprocessing (TF legacy bilinear on the
   float image, net.square_input) lands from those references (not a bug: a different resize).
2. The original ONNX graph run by a numpy interpreter (onnx_np) vs the float32 rebuild, same inputs.
3. export.py of the UNMODIFIED weights: onnx.checker, same input/output names and shapes as the
   original, numpy-interpreted outputs vs the original graph's, and the export re-loaded into PyTorch vs
   the rebuild.
"""
import argparse, csv, json, os, tempfile
import numpy as np
import onnx
import torch
from PIL import Image

from landmarks import net as N, onnx_np, export as E

DATA = '/work/shared/data'


def io_sig(path):
    g = onnx.load(path).graph
    shp = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    return [(i.name, shp(i)) for i in g.input], [(o.name, shp(o)) for o in g.output]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=36, help='images per data set')
    a = ap.parse_args()
    torch.set_num_threads(1)
    net32 = N.load_onnx()
    net64 = N.load_onnx().double()
    res = {}
    java_inputs = []
    for ds, boxf in (('celeba-faces', lambda S: (S / 4, 0.21 * S, S / 2, S / 2)),
                     ('lfw-train', lambda S: (61, 82, 122, 122))):
        rows = list(csv.reader(open(os.path.join(DATA, ds, 'landmarks68.csv'))))[1:]
        rows = rows[:: max(1, len(rows) // a.n)][:a.n]
        e_ref, e_java = [], []
        for r in rows:
            pim = Image.open(os.path.join(DATA, ds, r[0])).convert('RGB')
            ref = np.array(r[1:], np.float64).reshape(68, 2)
            bx, by, bw, bh = boxf(pim.size[0])
            x, y, w = int(np.floor(bx)), int(np.floor(by)), int(np.floor(bw))
            inp = np.asarray(pim.resize((112, 112), Image.BILINEAR, box=(x, y, x + w, y + w)),
                             np.float64).transpose(2, 0, 1) / 255.0
            with torch.no_grad():
                out = net64(torch.from_numpy(inp[None]))[0].numpy().reshape(68, 2)
            e_ref.append(np.abs(out * w + np.array([x, y]) - ref).max())
            im = np.asarray(pim, np.float32).transpose(2, 0, 1) / 255.0
            crop = N.clip_box((bx, by, bw, bh), im.shape[2], im.shape[1])
            jin = N.square_input(im, crop)
            java_inputs.append(jin)
            with torch.no_grad():
                jout = net64(torch.from_numpy(jin[None]).double())[0].numpy()
            e_java.append(np.abs(N.decode(jout, crop) - ref).max())
        res[ds] = dict(images=len(rows), rebuild_vs_csv_max_px=float(np.max(e_ref)),
                       rebuild_vs_csv_mean_of_max_px=float(np.mean(e_ref)),
                       java_preprocessing_vs_csv_max_px=float(np.max(e_java)),
                       java_preprocessing_vs_csv_mean_of_max_px=float(np.mean(e_java)))
        print(ds, res[ds], flush=True)
    X = np.stack(java_inputs)
    with torch.no_grad():
        t32 = net32(torch.from_numpy(X)).numpy()
    orig = onnx_np.run(N.HERE_ORIGINAL, {'image': X})['landmarks']
    res['original_onnx_numpy_vs_torch_rebuild_max_abs'] = float(np.abs(orig - t32).max())
    res['original_onnx_numpy_vs_torch_rebuild_max_px_at_side_320'] = float(np.abs(orig - t32).max() * 320)
    tmp = os.path.join(tempfile.mkdtemp(), 'face_landmark_68_float.onnx')
    E.export(N.load_onnx(), tmp, 'parity export of the original weights')
    assert io_sig(tmp) == io_sig(N.HERE_ORIGINAL), (io_sig(tmp), io_sig(N.HERE_ORIGINAL))
    exp = onnx_np.run(tmp, {'image': X})['landmarks']
    res['export_vs_original_onnx_numpy_max_abs'] = float(np.abs(exp - orig).max())
    with torch.no_grad():
        t_exp = N.load_onnx(tmp)(torch.from_numpy(X)).numpy()
    res['export_reloaded_torch_vs_rebuild_max_abs'] = float(np.abs(t_exp - t32).max())
    res['io_signature'] = io_sig(tmp)
    print(json.dumps(res, indent=1))
    json.dump(res, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'parity.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
