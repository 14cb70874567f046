#!/usr/bin/python3
"""Checks weightinit's PyTorch dialect against PyTorch itself (Debian's python3-torch, python3-torchvision).

    torch_check.py resnet50 FILE.safetensors   -> JSON: the file against torchvision.models.resnet50().state_dict()
    torch_check.py expect CASES.json           -> JSON: torch's own fans, gains, bounds and stds, eye_/dirac_ values
    torch_check.py tv_layout MODEL FILE        -> writes torchvision.models.MODEL()'s state_dict as safetensors
    torch_check.py tv_compare MODEL FILE       -> JSON: the file's tensors against MODEL's own init, by distribution
    torch_check.py trunc_sample N MEAN STD A B SEED FILE -> torch's trunc_normal_ of N float32 values, raw

Reads safetensors with NumPy only (no safetensors package), and makes torch tensors from the arrays.
"""
import json
import math
import struct
import sys

import numpy as np
import torch
import torchvision
from torch.nn import init

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32, "BOOL": np.bool_}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[base + start:base + end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return header, tensors


def resnet50(path):
    header, tensors = read_safetensors(path)
    model = torchvision.models.resnet50()
    expected = model.state_dict()
    file_order = [k for k in header if k != "__metadata__"]
    result = {
        "entries": len(file_order),
        "torch_entries": len(expected),
        "same_order": file_order == list(expected.keys()),
        "missing": sorted(set(expected) - set(tensors)),
        "unexpected": sorted(set(tensors) - set(expected)),
        "mismatched": sorted(k for k in expected if k in tensors and (tensors[k].dtype != expected[k].dtype
                                                                       or tuple(tensors[k].shape) != tuple(expected[k].shape))),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    model.load_state_dict(tensors, strict=True)  # raises on any missing, unexpected or mismatched key
    result["loaded"] = True
    conv = tensors["conv1.weight"]
    result["conv1_std"] = float(conv.std())
    result["bn_tracked"] = int(tensors["bn1.num_batches_tracked"])
    return result


def expect(cases):
    out = []
    for case in cases:
        fn, config, shape = case["fn"], case.get("config", {}), case["shape"]
        t = torch.empty(tuple(shape))
        r = {"fn": fn, "shape": shape, "config": config}
        if fn in ("kaiming_uniform_", "kaiming_normal_"):
            a = config.get("a", 0)
            mode = config.get("mode", "fan_in")
            nl = config.get("nonlinearity", "leaky_relu")
            fan = init._calculate_correct_fan(t, mode)
            gain = init.calculate_gain(nl, a)
            std = gain / math.sqrt(fan)
            r["std"] = std
            r["bound"] = math.sqrt(3.0) * std
        elif fn in ("xavier_uniform_", "xavier_normal_"):
            fan_in, fan_out = init._calculate_fan_in_and_fan_out(t)
            std = config.get("gain", 1.0) * math.sqrt(2.0 / float(fan_in + fan_out))
            r["std"] = std
            r["bound"] = math.sqrt(3.0) * std
        elif fn == "eye_":
            r["values"] = init.eye_(t).flatten().tolist()
        elif fn == "dirac_":
            r["values"] = init.dirac_(t, config.get("groups", 1)).flatten().tolist()
        elif fn == "calculate_gain":
            r["gain"] = init.calculate_gain(config["nonlinearity"], config.get("param"))
        elif fn == "linear_default":
            layer = torch.nn.Linear(shape[1], shape[0]) if len(shape) == 2 else torch.nn.Conv2d(shape[1], shape[0], shape[2:])
            fan_in, _ = init._calculate_fan_in_and_fan_out(layer.weight)
            r["weight_bound"] = init.calculate_gain("leaky_relu", math.sqrt(5)) * math.sqrt(3.0 / fan_in)
            r["bias_bound"] = 1 / math.sqrt(fan_in)
        out.append(r)
    return out


def write_safetensors(path, state):
    """A state_dict as safetensors (F32 / I64), written with NumPy only."""
    names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}
    header, blobs, offset = {}, [], 0
    for name, tensor in state.items():
        array = tensor.detach().cpu().numpy().copy(order="C")  # keeps 0-d tensors 0-d (ascontiguousarray would not)
        blob = array.tobytes()
        header[name] = {"dtype": names[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def ks_two_sample(x, y):
    """Two-sample Kolmogorov-Smirnov: (D, asymptotic p) (Numerical Recipes' kstwo)."""
    x, y = np.sort(x.astype(np.float64)), np.sort(y.astype(np.float64))
    grid = np.concatenate([x, y])
    d = float(np.max(np.abs(np.searchsorted(x, grid, side="right") / len(x) - np.searchsorted(y, grid, side="right") / len(y))))
    en = math.sqrt(len(x) * len(y) / (len(x) + len(y)))
    lam = (en + 0.12 + 0.11 / en) * d
    if lam < 0.2:
        return d, 1.0
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def tv_compare(model_name, path):
    """Every tensor of the file against a freshly built torchvision model's own init, by distribution:
    constant tensors must be equal; the others pass a two-sample KS at p >= 1e-6."""
    _, ours = read_safetensors(path)
    torch.manual_seed(0)
    theirs = getattr(torchvision.models, model_name)().state_dict()
    differing = []
    for name, t in theirs.items():
        mine = ours.get(name)
        if mine is None or tuple(mine.shape) != tuple(t.shape):
            differing.append(name + " (missing or shape)")
            continue
        a, b = t.detach().numpy().reshape(-1), mine.numpy().reshape(-1)
        if a.min() == a.max():
            if not (b.min() == b.max() == a[0]):
                differing.append("%s: constant %r in torchvision, ours in [%r, %r]" % (name, float(a[0]), float(b.min()), float(b.max())))
            continue
        d, p = ks_two_sample(a, b)
        if p < 1e-6:
            differing.append("%s: KS D = %.4f, p = %.2g (torchvision std %.4g, ours %.4g)" % (name, d, p, a.std(), b.std()))
    return {"tensors": len(theirs), "differing": differing}


def trunc_sample(n, mean, std, a, b, seed, path):
    """torch's own trunc_normal_ of n float32 values, raw little-endian, for a two-sample comparison."""
    torch.manual_seed(seed)
    t = torch.empty(n, dtype=torch.float32)
    init.trunc_normal_(t, mean=mean, std=std, a=a, b=b)
    t.numpy().astype("<f4").tofile(path)
    return {"n": n, "min": float(t.min()), "max": float(t.max())}


if __name__ == "__main__":
    if sys.argv[1] == "resnet50":
        print(json.dumps(resnet50(sys.argv[2])))
    elif sys.argv[1] == "tv_layout":
        torch.manual_seed(1)
        write_safetensors(sys.argv[3], getattr(torchvision.models, sys.argv[2])().state_dict())
        print(json.dumps({"written": sys.argv[3]}))
    elif sys.argv[1] == "tv_compare":
        print(json.dumps(tv_compare(sys.argv[2], sys.argv[3])))
    elif sys.argv[1] == "trunc_sample":
        n, mean, std, a, b, seed = int(sys.argv[2]), *map(float, sys.argv[3:7]), int(sys.argv[7])
        print(json.dumps(trunc_sample(n, mean, std, a, b, seed, sys.argv[8])))
    else:
        with open(sys.argv[2]) as f:
            print(json.dumps(expect(json.load(f))))
