#!/usr/bin/env python3
"""An independent implementation of the weightinit stream spec, versions 1 and 2, in NumPy.

Written from kernels/STREAM-SPEC.md alone (it imports nothing of weightinit), it is the second
opinion that pins the spec's values: `kernels/golden-v1.json` (version 1) and `kernels/golden-v2.json`
(what version 2 adds: the bounded normal) were made by it, and the test suite checks that the Java
reference, the Java fallback (scalar and SIMD) and every OpenCL device give the same bytes, and that
this script still reproduces the files.

    python3 kernels/stream_reference.py --check kernels/golden-v1.json   # exit 0 when all match
    python3 kernels/stream_reference.py --write kernels/golden-v1.json   # regenerate (new spec version only)
    python3 kernels/stream_reference.py --write kernels/golden-v2.json --version 2

Every float operation is one NumPy float32 operation (IEEE binary32, round to nearest even, never
fused), in the order of the spec's section 6. Works with NumPy 1.24 and 2.x.
"""
import argparse
import hashlib
import json
import math
import sys

import numpy as np

U32 = np.uint32
U64 = np.uint64
F32 = np.float32
MASK32 = U64(0xFFFFFFFF)


def f(hex_literal):
    """A float32 constant from the spec's hex literal."""
    return F32(float.fromhex(hex_literal))


# ---- section 1: Philox4x32-10 ----
M0, M1 = U64(0xD2511F53), U64(0xCD9E8D57)
W0, W1 = U64(0x9E3779B9), U64(0xBB67AE85)


def philox(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10 of uint64 arrays holding 32-bit counters; key as Python ints."""
    k0, k1 = U64(k0), U64(k1)
    for _ in range(10):
        p0 = M0 * c0
        p1 = M1 * c2
        hi0, lo0 = p0 >> U64(32), p0 & MASK32
        hi1, lo1 = p1 >> U64(32), p1 & MASK32
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
        k0, k1 = (k0 + W0) & MASK32, (k1 + W1) & MASK32
    return [c.astype(U32) for c in (c0, c1, c2, c3)]


# ---- section 6: the float32 functions ----
SQRT_HALF = f("0x1.6a09e6p-1")
LN_COEFFS = [f(c) for c in ("0x1.204376p-4", "-0x1.d7a37p-4", "0x1.de4a34p-4", "-0x1.fcba9ep-4", "0x1.23d37ep-3",
                            "-0x1.555ca0p-3", "0x1.999d58p-3", "-0x1.fffff8p-3", "0x1.555554p-2")]
LN2_LO, LN2_HI = f("-0x1.bd0106p-13"), f("0x1.63p-1")
ONE, HALF, TWO = F32(1), F32(0.5), F32(2)


def ln(x):
    bits = x.view(U32)
    e = (bits >> U32(23)).astype(np.int32) - 126
    m = ((bits & U32(0x7FFFFF)) | U32(0x3F000000)).view(F32)
    small = m < SQRT_HALF
    e = np.where(small, e - 1, e)
    m = np.where(small, (m + m) - ONE, m - ONE).astype(F32)
    z = m * m
    y = LN_COEFFS[0] * m + LN_COEFFS[1]
    for c in LN_COEFFS[2:]:
        y = y * m + c
    y = (y * m) * z
    fe = e.astype(F32)
    y = y + (LN2_LO * fe)
    y = y + (-HALF * z)
    r = m + y
    return r + (LN2_HI * fe)


SIN_S1, SIN_S1_LO = f("0x1.921fb6p+2"), f("-0x1.777a5cp-23")
SIN_P = [f(c) for c in ("0x1.507834p+5", "-0x1.32d2ccp+6", "0x1.466bc6p+6", "-0x1.4abbcep+5")]
COS_Q = [f(c) for c in ("-0x1.a6d1f2p+4", "0x1.e1f506p+5", "-0x1.55d3c8p+6", "0x1.03c1f0p+6", "-0x1.3bd3ccp+4")]


def sincos2pi(m24):
    """(sin(2πt), cos(2πt)) for t = m24 * 2^-24, m24 a uint32 array below 2^24."""
    q = m24 >> U32(22)
    j = m24 & U32(0x3FFFFF)
    swap = j > U32(0x200000)
    jr = np.where(swap, U32(0x400000) - j, j).astype(U32)
    s = jr.astype(F32) * F32(2.0 ** -24)
    z = s * s
    p = SIN_P[0] * z + SIN_P[1]
    p = p * z + SIN_P[2]
    p = p * z + SIN_P[3]
    big_s = s * SIN_S1 + s * (z * p + SIN_S1_LO)
    qq = COS_Q[0] * z + COS_Q[1]
    for c in COS_Q[2:]:
        qq = qq * z + c
    big_c = ONE + z * qq
    odd = (q & U32(1)) != 0
    flip = odd != swap
    sin = np.where(flip, big_c, big_s)
    cos = np.where(flip, big_s, big_c)
    sin = np.where((q & U32(2)) != 0, -sin, sin)
    cos = np.where(((q + U32(1)) & U32(2)) != 0, -cos, cos)
    return sin.astype(F32), cos.astype(F32)


ERFINV_P = [f(c) for c in ("0x1.fae1fep-24", "-0x1.915c26p-20", "0x1.836ae2p-19", "0x1.7f0954p-15", "-0x1.0b337ap-13",
                           "-0x1.32191ep-9", "0x1.7a734cp-7", "0x1.db29fap-3")]
ERFINV_P0 = f("0x1.c5bf8ap-1")
ERF_SQRT2, SQRT2 = f("0x1.e8b43p-1"), f("0x1.6a09e6p+0")


def erfinv(x):
    w = -ln((ONE - x) * (ONE + x))
    p = ERFINV_P[0] * w + ERFINV_P[1]
    for c in ERFINV_P[2:]:
        p = p * w + c
    return x * ERFINV_P0 + x * (w * p)


# Psi(p), the upper-tail normal quantile (version 2): Wichura's AS 241 PPND7 in float32.
Q_SPLIT, Q_CONST, Q_SHIFT = f("-0x1.b33334p-2"), f("0x1.71eb86p-3"), f("0x1.99999ap+0")
Q_A = [f(c) for c in ("0x1.d8e000p+5", "0x1.3e9510p+7", "0x1.937964p+5", "0x1.b18d90p+1")]   # A3 .. A0
Q_B = [f(c) for c in ("0x1.0cc010p+6", "0x1.3b07f2p+6", "0x1.1e529ep+4")]                    # B3 .. B1
Q_C = [f(c) for c in ("0x1.5ca5dap-3", "0x1.4e85c2p+0", "0x1.60df54p+1", "0x1.6c6662p+0")]   # C3 .. C0
Q_D = [f(c) for c in ("0x1.ec62b8p-4", "0x1.795848p-1")]                                     # D2, D1
Q_E = [f(c) for c in ("0x1.1c0d82p-6", "0x1.b6f8aap-2", "0x1.8a65a0p+1", "0x1.aa1b1ep+2")]   # E3 .. E0
Q_F = [f(c) for c in ("0x1.91ad42p-7", "0x1.ef92a8p-3")]                                     # F2, F1


def horner(coeffs, t, last_one=False):
    """c0*t + c1, then (.)*t + c2 ... (and + 1 at the end when last_one): the spec's order."""
    p = coeffs[0] * t + coeffs[1]
    for c in coeffs[2:]:
        p = p * t + c
    return p * t + ONE if last_one else p


def normal_upper_quantile(p):
    q = p - HALF
    r = Q_CONST - q * q
    central = -((q * horner(Q_A, r)) / horner(Q_B, r, True))
    with np.errstate(all="ignore"):
        t = np.sqrt(-ln(p))
        t1 = t - Q_SHIFT
        mid = horner(Q_C, t1) / horner(Q_D, t1, True)
        t2 = t - F32(5)
        far = horner(Q_E, t2) / horner(Q_F, t2, True)
    return np.where(q >= Q_SPLIT, central, np.where(t <= F32(5), mid, far)).astype(F32)


def bounded(m, tp, tr, tw):
    """Section 3, version 2: the standard normal cut to an interval with tail masses tp, tr and mass tw."""
    u = (m * U32(2) + U32(1)).astype(F32) * F32(2.0 ** -25)
    v = (U32(1 << 25) - m * U32(2) - U32(1)).astype(F32) * F32(2.0 ** -25)
    below = tp + u * tw
    above = tr + v * tw
    lower = below <= above
    z = normal_upper_quantile(np.where(lower, below, above).astype(F32))
    return np.where(lower, -z, z).astype(F32)


def truncation_of(alpha, beta, low, high):
    """The host constants of the bounded normal in double (math.erfc), rounded once to float32;
    low rounded up and high rounded down to float32."""
    def lower_tail(x):
        return 0.0 if x == -math.inf else 1.0 if x == math.inf else 0.5 * math.erfc(-x / math.sqrt(2))
    below, above = lower_tail(alpha), lower_tail(-beta)
    if alpha >= 0:
        width = lower_tail(-alpha) - above
    elif beta <= 0:
        width = lower_tail(beta) - below
    else:
        width = 1 - below - above

    def rounded(x, up):
        y = F32(x)
        if x not in (math.inf, -math.inf) and (float(y) < x if up else float(y) > x):
            y = np.nextafter(y, F32(math.inf if up else -math.inf), dtype=F32)
        return y
    return F32(below), F32(above), F32(width), rounded(low, True), rounded(high, False)


# ---- sections 2 to 4 ----
def blocks(seed, stream, first_block, n_blocks):
    """The four Philox words of blocks [first_block, first_block + n_blocks), as four uint32 arrays."""
    index = np.arange(n_blocks, dtype=U64) + U64(first_block)
    c0, c1 = index & MASK32, index >> U64(32)
    c2 = np.full(n_blocks, stream & 0xFFFFFFFF, dtype=U64)
    c3 = np.full(n_blocks, stream >> 32, dtype=U64)
    bits = seed & 0xFFFFFFFFFFFFFFFF
    return philox(c0, c1, c2, c3, bits & 0xFFFFFFFF, bits >> 32)


def unit_values(distribution, words, truncation=None):
    """Section 3: the unit values z of each lane (an (n, 4) float32 array, or uint32 for raw)."""
    x = np.stack(words, axis=1)
    m = x >> U32(8)
    if distribution == "raw":
        return x
    if distribution == "bounded_normal":
        return bounded(m, *truncation[:3])
    if distribution == "uniform":
        return m.astype(F32) * F32(2.0 ** -24)
    if distribution == "truncated_normal":
        v = (m.astype(np.int64) * 2 + 1 - (1 << 24)).astype(F32) * F32(2.0 ** -24)
        return SQRT2 * erfinv(ERF_SQRT2 * v)
    if distribution == "normal":
        out = np.empty(x.shape, dtype=F32)
        for even in (0, 2):
            u1 = (m[:, even] + U32(1)).astype(F32) * F32(2.0 ** -24)
            r = np.sqrt(-TWO * ln(u1))
            sin, cos = sincos2pi(m[:, even + 1])
            out[:, even] = r * cos
            out[:, even + 1] = r * sin
        return out
    raise ValueError("unknown distribution " + distribution)


def bfloat16_bits(values):
    bits = values.view(U32)
    rounded = ((bits + U32(0x7FFF) + ((bits >> U32(16)) & U32(1))) >> U32(16)).astype(np.uint16)
    nan = (bits & U32(0x7FFFFFFF)) > U32(0x7F800000)
    return np.where(nan, ((bits >> U32(16)) | U32(0x40)).astype(np.uint16), rounded)


def tensor_bytes(seed, stream, distribution, a, b, dtype, start, count, truncation=None):
    """Little-endian bytes of elements [start, start + count) (sections 2 to 4); truncation is the
    bounded normal's (P, R, W, low, high) as float32."""
    if count == 0:
        return b""
    first_block, end_block = start >> 2, (start + count + 3) >> 2
    z = unit_values(distribution, blocks(seed, stream, first_block, end_block - first_block), truncation).reshape(-1)
    z = z[start - (first_block << 2):][:count]
    if distribution == "raw":
        assert dtype == "uint32"
        return z.astype("<u4").tobytes()
    values = F32(a) + F32(b) * z
    if distribution == "bounded_normal":
        low, high = truncation[3], truncation[4]
        values = np.where(values < low, low, values)
        values = np.where(values > high, high, values).astype(F32)
    if dtype == "float32":
        return values.astype("<f4").tobytes()
    if dtype == "float16":
        return values.astype("<f2").tobytes()
    if dtype == "bfloat16":
        return bfloat16_bits(values).astype("<u2").tobytes()
    if dtype == "float64":
        return values.astype("<f8").tobytes()
    raise ValueError("unknown dtype " + dtype)


def stream_of(name):
    """Section 2: the stream of a named tensor, the first 8 bytes little-endian of SHA-256(UTF-8 name)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def f32_of_bits(text):
    return np.array([int(text, 16)], dtype=U32).view(F32)[0]


def bits_of_f32(value):
    return "0x%08x" % np.array([value], dtype=F32).view(U32)[0]


# ---- Keras formulas (for the initializer cases), written out from keras/src/initializers ----
def keras_fans(shape):
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


VARIANCE_SCALING = {  # Keras class -> (scale, mode, distribution)
    "HeNormal": (2.0, "fan_in", "truncated_normal"), "HeUniform": (2.0, "fan_in", "uniform"),
    "GlorotNormal": (1.0, "fan_avg", "truncated_normal"), "GlorotUniform": (1.0, "fan_avg", "uniform"),
    "LecunNormal": (1.0, "fan_in", "truncated_normal"), "LecunUniform": (1.0, "fan_in", "uniform"),
}


def keras_transform(case):
    """(distribution, a, b) of a Keras initializer case, a and b in double, per stream spec §4."""
    cls, config, shape = case["class_name"], case.get("config", {}), case["shape"]
    if cls == "RandomNormal":
        return "normal", config.get("mean", 0.0), config.get("stddev", 0.05)
    if cls == "TruncatedNormal":
        return "truncated_normal", config.get("mean", 0.0), config.get("stddev", 0.05)
    if cls == "RandomUniform":
        lo, hi = config.get("minval", -0.05), config.get("maxval", 0.05)
        return "uniform", lo, hi - lo
    scale, mode, dist = VARIANCE_SCALING.get(cls, (None, None, None))
    if cls == "VarianceScaling":
        scale, mode, dist = config["scale"], config["mode"], config["distribution"]
    fan_in, fan_out = keras_fans(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    s = scale / max(1.0, n)
    if dist == "truncated_normal":
        return "truncated_normal", 0.0, math.sqrt(s) / 0.87962566103423978
    if dist == "untruncated_normal":
        return "normal", 0.0, math.sqrt(s)
    limit = math.sqrt(3.0 * s)
    return "uniform", -limit, 2.0 * limit


# ---- the golden file ----
def engine_cases():
    """Every transform x dtype, at the start of a tensor, across the 2^32 block boundary (counter
    word c1), and at block indices near 2^62; streams and seeds that use every key/counter bit."""
    combos = [("raw", "uint32", 0.0, 1.0)]
    for dist, a, b in (("uniform", -0.05, 0.1), ("normal", 0.25, 0.02), ("truncated_normal", -0.5, 0.3)):
        for dtype in ("float32", "float16", "bfloat16", "float64"):
            combos.append((dist, dtype, a, b))
    # Subnormal halves and tiny bfloat16s: the rounding paths of the narrow types.
    combos.append(("normal", "float16", 0.0, 3e-6))
    combos.append(("truncated_normal", "bfloat16", 0.0, 1e-38))
    ranges = [(0, 1027), ((1 << 34) - 37, 4099), ((1 << 62) + 3, 515)]
    keys = [(42, 0), (-7, stream_of("decoder.layers.0.mlp.up_proj.weight")), (0x0123456789ABCDEF, (1 << 64) - 1),
            (-(1 << 63), 0x1_0000_0001)]
    cases = []
    for i, (dist, dtype, a, b) in enumerate(combos):
        for j, (start, count) in enumerate(ranges):
            seed, stream = keys[(i + j) % len(keys)]
            cases.append({"seed": seed, "stream": "0x%016x" % stream, "distribution": dist,
                          "a": bits_of_f32(F32(a)), "b": bits_of_f32(F32(b)), "dtype": dtype,
                          "start": start, "count": count})
    return cases


def initializer_cases():
    """Keras initializers on named, non-square tensors: pins fans, scaling and name -> stream."""
    return [
        {"class_name": "HeNormal", "shape": [3, 3, 64, 128], "seed": 42, "name": "conv2.weight", "dtype": "float32"},
        {"class_name": "LecunNormal", "shape": [784, 512], "seed": 3, "name": "dense/kernel", "dtype": "float32"},
        {"class_name": "HeUniform", "shape": [512, 10], "seed": -1, "name": "dense_2/kernel", "dtype": "bfloat16"},
        {"class_name": "GlorotUniform", "shape": [5, 300, 40], "seed": 9, "name": "conv1d/kernel", "dtype": "float16"},
        {"class_name": "GlorotNormal", "shape": [1000, 30], "seed": 11, "name": "w", "dtype": "float64"},
        {"class_name": "VarianceScaling", "config": {"scale": 0.5, "mode": "fan_out", "distribution": "untruncated_normal"},
         "shape": [96, 700], "seed": 5, "name": "encoder.layer.0.weight", "dtype": "float32"},
        {"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 0.02}, "shape": [50257, 768], "seed": 7,
         "start": 1000000, "count": 4099, "dtype": "bfloat16"},
        {"class_name": "TruncatedNormal", "config": {"mean": 0.1, "stddev": 0.02}, "shape": [4096], "seed": 8,
         "name": "lm_head.bias", "dtype": "float32"},
        {"class_name": "RandomUniform", "config": {"minval": -1.0, "maxval": 3.0}, "shape": [33, 3], "seed": 0,
         "name": "h.0.attn.c_attn.weight", "dtype": "float32"},
    ]


TRUNCATIONS = [  # (alpha, beta, low, high): both tails, one side, far tails, a narrow middle
    (-6.0, 5.5, -math.inf, math.inf), (7.0, 8.0, -math.inf, math.inf), (-0.5, 0.5, -0.5, 0.5),
    (5.0, 6.0, 5.0, 6.0), (-math.inf, -3.0, -math.inf, -3.0), (-3.0, math.inf, -3.0, math.inf),
    (-1.5, 0.75, -0.25, 0.125), (11.0, 11.5, -math.inf, math.inf)]


def v2_engine_cases():
    """The bounded normal (version 2) for every truncation, in each dtype, over the ranges of v1's cases."""
    ranges = [(0, 1027), ((1 << 34) - 37, 4099), ((1 << 62) + 3, 515)]
    keys = [(42, 0), (-7, stream_of("decoder.layers.0.mlp.down_proj.weight")), (0x0123456789ABCDEF, (1 << 64) - 1)]
    cases = []
    for i, (alpha, beta, low, high) in enumerate(TRUNCATIONS):
        t = truncation_of(alpha, beta, low, high)
        for j, dtype in enumerate(("float32", "float16", "bfloat16", "float64")):
            start, count = ranges[(i + j) % len(ranges)]
            seed, stream = keys[(i + 2 * j) % len(keys)]
            a, b = (F32(0.0), F32(1.0)) if j % 2 == 0 else (F32(0.25), F32(0.02))
            cases.append({"seed": seed, "stream": "0x%016x" % stream, "distribution": "bounded_normal",
                          "a": bits_of_f32(a), "b": bits_of_f32(b),
                          "tp": bits_of_f32(t[0]), "tr": bits_of_f32(t[1]), "tw": bits_of_f32(t[2]),
                          "lo": bits_of_f32(t[3]), "hi": bits_of_f32(t[4]), "dtype": dtype, "start": start, "count": count})
    return cases


def v2_initializer_cases():
    """torch's trunc_normal_ at bounds version 1 has no form for: the host constants from the config."""
    return [
        {"class_name": "trunc_normal_", "config": {"mean": 0.0, "std": 1.0, "a": -0.5, "b": 0.5}, "shape": [64, 33],
         "seed": 1, "name": "blocks.0.attn.proj.weight", "dtype": "float32"},
        {"class_name": "trunc_normal_", "config": {"mean": 0.0, "std": 0.02, "a": -0.06, "b": 0.06}, "shape": [4096, 64],
         "seed": 2, "name": "output.weight", "dtype": "bfloat16"},
        {"class_name": "trunc_normal_", "config": {"mean": 1.0, "std": 0.5, "a": 3.5, "b": 4.0}, "shape": [1000],
         "seed": -3, "name": "tail", "dtype": "float32"},
        {"class_name": "trunc_normal_", "config": {"mean": 0.0, "std": 2.0, "a": 0.0, "b": "inf"}, "shape": [7, 7, 3],
         "seed": 4, "name": "half_normal", "dtype": "float16"},
    ]


def trunc_normal_truncation(config):
    mean, std = float(config["mean"]), float(config["std"])
    bound = lambda v: math.inf if v == "inf" else -math.inf if v == "-inf" else float(v)
    a, b = bound(config["a"]), bound(config["b"])
    return (a - mean) / std, (b - mean) / std, a, b


def case_bytes(case):
    if case.get("class_name") == "trunc_normal_":
        c = case["config"]
        t = truncation_of(*trunc_normal_truncation(c))
        total = math.prod(case["shape"])
        return tensor_bytes(case["seed"], stream_of(case["name"]), "bounded_normal", F32(c["mean"]), F32(c["std"]),
                            case["dtype"], 0, total, t)
    if case.get("distribution") == "bounded_normal":
        t = tuple(f32_of_bits(case[k]) for k in ("tp", "tr", "tw", "lo", "hi"))
        return tensor_bytes(case["seed"], int(case["stream"], 16), "bounded_normal", f32_of_bits(case["a"]),
                            f32_of_bits(case["b"]), case["dtype"], case["start"], case["count"], t)
    if "class_name" in case:
        dist, a, b = keras_transform(case)
        stream = stream_of(case["name"]) if "name" in case else 0
        total = math.prod(case["shape"])
        start, count = case.get("start", 0), case.get("count", total)
        return tensor_bytes(case["seed"], stream, dist, F32(a), F32(b), case["dtype"], start, count)
    return tensor_bytes(case["seed"], int(case["stream"], 16), case["distribution"], f32_of_bits(case["a"]),
                        f32_of_bits(case["b"]), case["dtype"], case["start"], case["count"])


def expected(case):
    data = case_bytes(case)
    width = {"float16": 2, "bfloat16": 2, "float32": 4, "uint32": 4, "float64": 8}[case["dtype"]]
    first = [data[i:i + width][::-1].hex() for i in range(0, min(len(data), 8 * width), width)]
    return {"sha256": hashlib.sha256(data).hexdigest(), "first": " ".join(first)}


# What each golden file holds: its "about" text, then its engine and initializer cases.
GOLDEN = {
    1: ("Golden vectors of stream spec v1, made by kernels/stream_reference.py. sha256 is of the little-endian bytes "
        "of elements [start, start + count); first holds the first elements' bit patterns in hex. Initializer cases "
        "use Keras' formulas; their stream is the SHA-256 of name (0 without one).", engine_cases, initializer_cases),
    2: ("Golden vectors of what stream spec v2 adds (the bounded normal), made by kernels/stream_reference.py. Engine "
        "cases give the host constants as float32 bits (tp = P, tr = R, tw = W, lo, hi); trunc_normal_ cases compute "
        "them from the config (math.erfc in double), pinning the host arithmetic too.", v2_engine_cases,
        v2_initializer_cases),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="FILE")
    group.add_argument("--check", metavar="FILE")
    parser.add_argument("--version", type=int, default=1, choices=sorted(GOLDEN),
                        help="with --write: 1 (version 1) or 2 (what version 2 adds)")
    args = parser.parse_args()
    if args.write:
        about, engine, initializers = GOLDEN[args.version]
        golden = {"spec_version": args.version, "about": about,
                  "engine": [dict(c, **expected(c)) for c in engine()],
                  "initializers": [dict(c, **expected(c)) for c in initializers()]}
        with open(args.write, "w") as out:
            json.dump(golden, out, indent=1)
            out.write("\n")
        print("wrote %d cases to %s" % (len(golden["engine"]) + len(golden["initializers"]), args.write))
        return 0
    with open(args.check) as source:
        golden = json.load(source)
    failures = 0
    cases = golden["engine"] + golden["initializers"]
    for case in cases:
        got = expected(case)
        if got["sha256"] != case["sha256"]:
            failures += 1
            print("MISMATCH %s: expected %s, got %s (first %s)" % (json.dumps(case), case["sha256"], got["sha256"],
                                                                 got["first"]))
    print("%d passed, %d failed" % (len(cases) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
