#!/usr/bin/env python3
"""NumPy's normals beside weightinit's (RESULTS.md): float32 standard normals from the Philox and
PCG64 bit generators, and uniform floats, 16M at a time into a reused array (out=), best and median
of N runs, in G samples/s. One thread (NumPy's generators are single-threaded).
    python3 benchmarks/scripts/numpy-peers.py [SIZE] [RUNS]"""
import statistics
import sys
import time

import numpy as np

size = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 24
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
out = np.empty(size, dtype=np.float32)
print(f"numpy {np.__version__}, {size} float32 samples a call, {runs} runs")
for name in ("Philox", "PCG64"):
    generator = np.random.Generator(getattr(np.random, name)(42))
    for what, call in (("standard_normal", lambda: generator.standard_normal(size, dtype=np.float32, out=out)),
                       ("random (uniform)", lambda: generator.random(size, dtype=np.float32, out=out))):
        call()  # warm-up
        rates = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            rates.append(size / (time.perf_counter() - started) / 1e9)
        print(f"{name:7s} {what:17s} median {statistics.median(rates):.3f} G/s, best {max(rates):.3f} G/s")
