/*
 * wi_fill: elements [start, end) of one tensor of the stream spec, written to
 * out[out_offset + (i - start)]. Built once per device and option set with
 *   -DWI_BLOCKS_PER_ITEM=1|16      Philox blocks per work-item (types.cl)
 *   -DWI_DIST=code    dev.weightinit.engine.Distribution#kernelCode (0 raw, 1 uniform, 2 normal, 3 truncated, 4 bounded)
 *   -DWI_DTYPE=code   dev.weightinit.engine.DType#kernelCode (0 f32, 1 f16, 2 bf16, 3 f64, 4 u32)
 *   -DWI_NO_FP64      write float64 with integer operations even where cl_khr_fp64 exists
 * Work-item g computes blocks first_block + g*WI_BLOCKS_PER_ITEM + [0, WI_BLOCKS_PER_ITEM). Values travel as uint bits.
 */
#if WI_DTYPE == 3 && defined(cl_khr_fp64) && !defined(WI_NO_FP64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define WI_HAVE_FP64 1
#endif

#if WI_DTYPE == 0
typedef float wi_out_t;
#elif WI_DTYPE == 1
typedef half wi_out_t;
#elif WI_DTYPE == 2
typedef ushort wi_out_t;
#elif WI_DTYPE == 3
typedef ulong wi_out_t;
#elif WI_DTYPE == 4
typedef uint wi_out_t;
#else
#error "unknown WI_DTYPE"
#endif

/* ---- float32 bits -> output element (stream spec §4) ---- */

inline ushort wi_bf16(uint x) {
    uint rounded = (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16;
    return (ushort) (((x & 0x7FFFFFFFu) > 0x7F800000u) ? ((x >> 16) | 0x40u) : rounded);
}
inline ushort4 wi_bf16_4(uint4 x) {
    uint4 rounded = (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16;
    return convert_ushort4(select(rounded, (x >> 16) | 0x40u, (x & 0x7FFFFFFFu) > 0x7F800000u));
}
inline ushort16 wi_bf16_16(uint16 x) {
    uint16 rounded = (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16;
    return convert_ushort16(select(rounded, (x >> 16) | 0x40u, (x & 0x7FFFFFFFu) > 0x7F800000u));
}

/* Exact float32 -> float64 widening with integer operations only. */
inline ulong wi_f64_bits(uint x) {
    ulong sign = ((ulong) (x >> 31)) << 63;
    uint e = (x >> 23) & 0xFFu;
    uint m = x & 0x7FFFFFu;
    if (e == 0xFFu) {
        return sign | 0x7FF0000000000000UL | ((ulong) m << 29);
    }
    if (e == 0u) {
        if (m == 0u) {
            return sign;
        }
        uint top = 31u - clz(m);                              /* value = 2^(top-149) * 1.f */
        ulong mantissa = (ulong) ((m << (23u - top)) & 0x7FFFFFu) << 29;
        return sign | ((ulong) (top + 874u) << 52) | mantissa;
    }
    return sign | ((ulong) (e + 896u) << 52) | ((ulong) m << 29);
}

inline void wi_store1(uint bits, __global wi_out_t *p) {
#if WI_DTYPE == 0
    *p = as_float(bits);
#elif WI_DTYPE == 1
    vstore_half_rte(as_float(bits), 0, p);
#elif WI_DTYPE == 2
    *p = wi_bf16(bits);
#elif WI_DTYPE == 3
    *p = wi_f64_bits(bits);
#else
    *p = bits;
#endif
}

/* Whether p is aligned to a vector of the given bytes: then one aligned vector store, which PoCL
   compiles to a single instruction where vstoreN of 16-bit elements becomes a sequence of narrow
   stores (bfloat16 normals: 1.09 -> 1.35 G/s). The values stored are the same either way. */
#define WI_ALIGNED(p, bytes) ((((size_t) (p)) & ((bytes) - 1)) == 0)

inline void wi_store4(uint4 bits, __global wi_out_t *p) {
#if WI_DTYPE == 0
    if (WI_ALIGNED(p, 16)) {
        *(__global float4 *) p = as_float4(bits);
    } else {
        vstore4(as_float4(bits), 0, p);
    }
#elif WI_DTYPE == 1
    if (WI_ALIGNED(p, 8)) {
        vstorea_half4_rte(as_float4(bits), 0, p);
    } else {
        vstore_half4_rte(as_float4(bits), 0, p);
    }
#elif WI_DTYPE == 2
    if (WI_ALIGNED(p, 8)) {
        *(__global ushort4 *) p = wi_bf16_4(bits);
    } else {
        vstore4(wi_bf16_4(bits), 0, p);
    }
#elif WI_DTYPE == 3 && defined(WI_HAVE_FP64)
    vstore4(as_ulong4(convert_double4(as_float4(bits))), 0, p);
#elif WI_DTYPE == 3
    p[0] = wi_f64_bits(bits.s0); p[1] = wi_f64_bits(bits.s1);
    p[2] = wi_f64_bits(bits.s2); p[3] = wi_f64_bits(bits.s3);
#else
    if (WI_ALIGNED(p, 16)) {
        *(__global uint4 *) p = bits;
    } else {
        vstore4(bits, 0, p);
    }
#endif
}

inline void wi_store16(uint16 bits, size_t k, __global wi_out_t *p) {
    __global wi_out_t *q = p + 16 * k;
#if WI_DTYPE == 0
    if (WI_ALIGNED(q, 64)) {
        *(__global float16 *) q = as_float16(bits);
    } else {
        vstore16(as_float16(bits), 0, q);
    }
#elif WI_DTYPE == 1
    if (WI_ALIGNED(q, 32)) {
        vstorea_half16_rte(as_float16(bits), 0, q);
    } else {
        vstore_half16_rte(as_float16(bits), 0, q);
    }
#elif WI_DTYPE == 2
    if (WI_ALIGNED(q, 32)) {
        *(__global ushort16 *) q = wi_bf16_16(bits);
    } else {
        vstore16(wi_bf16_16(bits), 0, q);
    }
#elif WI_DTYPE == 3 && defined(WI_HAVE_FP64)
    vstore16(as_ulong16(convert_double16(as_float16(bits))), 0, q);
#else
    wi_store4(bits.s0123, q);
    wi_store4(bits.s4567, q + 4);
    wi_store4(bits.s89ab, q + 8);
    wi_store4(bits.scdef, q + 12);
#endif
}

__kernel void wi_fill(__global wi_out_t *out, ulong out_offset, ulong first_block, ulong start, ulong end,
                      uint k0, uint k1, uint c2, uint c3, float a, float b,
                      float tp, float tr, float tw, float lo, float hi) {
    ulong base = first_block + (ulong) get_global_id(0) * WI_BLOCKS_PER_ITEM;
    ulong first_element = base << 2;
    if (first_element >= end) {
        return;
    }
    uint base_lo = (uint) base;
    uint base_hi = (uint) (base >> 32);
    vuint x0 = (vuint) base_lo + WI_LANE_IOTA;
    vuint x1 = select((vuint) base_hi, (vuint) (base_hi + 1u), x0 < (vuint) base_lo);
    vuint x2 = (vuint) c2;
    vuint x3 = (vuint) c3;
    wi_philox4x32_10(&x0, &x1, &x2, &x3, k0, k1);

    vuint w0, w1, w2, w3;
#if WI_DIST == 0
    w0 = x0; w1 = x1; w2 = x2; w3 = x3;
#elif WI_DIST == 1
    w0 = as_vuint(a + b * wi_uniform(x0));
    w1 = as_vuint(a + b * wi_uniform(x1));
    w2 = as_vuint(a + b * wi_uniform(x2));
    w3 = as_vuint(a + b * wi_uniform(x3));
#elif WI_DIST == 2
    vfloat sin01, cos01, sin23, cos23;
    vfloat r01 = wi_normal_radius(x0);
    vfloat r23 = wi_normal_radius(x2);
    wi_sincos2pi(x1 >> 8, &sin01, &cos01);
    wi_sincos2pi(x3 >> 8, &sin23, &cos23);
    w0 = as_vuint(a + b * (r01 * cos01));
    w1 = as_vuint(a + b * (r01 * sin01));
    w2 = as_vuint(a + b * (r23 * cos23));
    w3 = as_vuint(a + b * (r23 * sin23));
#elif WI_DIST == 3
    w0 = as_vuint(a + b * wi_truncated(x0));
    w1 = as_vuint(a + b * wi_truncated(x1));
    w2 = as_vuint(a + b * wi_truncated(x2));
    w3 = as_vuint(a + b * wi_truncated(x3));
#elif WI_DIST == 4
    /* tp, tr, tw, lo, hi: dev.weightinit.engine.Truncation (stream spec §3, version 2) */
    w0 = as_vuint(wi_clamped(a, b, wi_bounded(x0, tp, tr, tw), lo, hi));
    w1 = as_vuint(wi_clamped(a, b, wi_bounded(x1, tp, tr, tw), lo, hi));
    w2 = as_vuint(wi_clamped(a, b, wi_bounded(x2, tp, tr, tw), lo, hi));
    w3 = as_vuint(wi_clamped(a, b, wi_bounded(x3, tp, tr, tw), lo, hi));
#else
#error "unknown WI_DIST"
#endif

    __global wi_out_t *dst = out + out_offset;
    bool whole = first_element >= start && first_element + 4 * WI_BLOCKS_PER_ITEM <= end;
#if WI_BLOCKS_PER_ITEM == 1
    uint4 elements = (uint4) (w0, w1, w2, w3);
    if (whole) {
        wi_store4(elements, dst + (first_element - start));
        return;
    }
    uint tmp[4];
    vstore4(elements, 0, tmp);
#else
    /* Lanes hold blocks; element order is block-major: interleave the four words of each block. */
    uint16 a_lo = shuffle2(w0, w1, (uint16) (0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    uint16 a_hi = shuffle2(w0, w1, (uint16) (8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    uint16 b_lo = shuffle2(w2, w3, (uint16) (0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    uint16 b_hi = shuffle2(w2, w3, (uint16) (8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    uint16 pairs_lo = (uint16) (0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
    uint16 pairs_hi = (uint16) (8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
    uint16 e0 = shuffle2(a_lo, b_lo, pairs_lo);
    uint16 e1 = shuffle2(a_lo, b_lo, pairs_hi);
    uint16 e2 = shuffle2(a_hi, b_hi, pairs_lo);
    uint16 e3 = shuffle2(a_hi, b_hi, pairs_hi);
    if (whole) {
        __global wi_out_t *p = dst + (first_element - start);
        wi_store16(e0, 0, p);
        wi_store16(e1, 1, p);
        wi_store16(e2, 2, p);
        wi_store16(e3, 3, p);
        return;
    }
    uint tmp[64];
    vstore16(e0, 0, tmp);
    vstore16(e1, 1, tmp);
    vstore16(e2, 2, tmp);
    vstore16(e3, 3, tmp);
#endif
    /* A work-item at either edge of [start, end): element by element. */
    for (int e = 0; e < 4 * WI_BLOCKS_PER_ITEM; e++) {
        ulong index = first_element + (ulong) e;
        if (index >= start && index < end) {
            wi_store1(tmp[e], dst + (index - start));
        }
    }
}
