"""Reads a safetensors file with NumPy alone (header JSON + memory-mapped data) and prints, as JSON,
each tensor's dtype, shape, mean and standard deviation. Used by InitCommandTest."""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "BF16": np.uint16}

path = sys.argv[1]
with open(path, "rb") as f:
    (length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(length))
data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)
metadata = header.pop("__metadata__", {})
result = {"__metadata__": metadata, "tensors": {}}
end = 0
for name, info in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
    begin, stop = info["data_offsets"]
    assert begin == end, f"{name}: data starts at {begin}, previous tensor ended at {end}"
    end = stop
    raw = data[begin:stop].view(DTYPES[info["dtype"]])
    if info["dtype"] == "BF16":
        values = (raw.astype(np.uint32) << 16).view(np.float32)
    else:
        values = raw
    values = values.reshape(info["shape"]).astype(np.float64)
    result["tensors"][name] = {"dtype": info["dtype"], "shape": list(values.shape),
                               "mean": float(values.mean()) if values.size else 0.0,
                               "std": float(values.std()) if values.size else 0.0}
assert end == data.size, f"data section has {data.size} bytes, tensors cover {end}"
print(json.dumps(result))
