"""Writes the pipeline benchmarks' model as an `init --spec` file: 8 x 4096 x 32768 random_normal
(1.07B parameters, 2 GiB in bfloat16), seed 1.
    python3 benchmarks/scripts/billion-spec.py DTYPE PATH
Used by init-vs-dd.sh and pipeline-check.sh."""
import json
import sys

dtype, path = sys.argv[1], sys.argv[2]
tensors = [{"name": f"w{i}", "shape": [4096, 32768], "initializer": "random_normal"} for i in range(8)]
with open(path, "w") as out:
    json.dump({"seed": 1, "dtype": dtype, "tensors": tensors}, out)
