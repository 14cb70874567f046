/*
 * The unit transforms of stream spec §3 on WI_BLOCKS_PER_ITEM-wide vectors (types.cl), as
 * dev.weightinit.engine.Transforms; used by fill.cl and by the exhaustive checks of steps.cl.
 */
/* Stream spec §3 constants, mirroring dev.weightinit.engine.StreamSpec. */
#define WI_TWO_POW_M24 0x1p-24f
#define WI_ERF_SQRT2 0x1.e8b43p-1f
#define WI_SQRT2 0x1.6a09e6p+0f

inline vfloat wi_uniform(vuint x) {
    return convert_vfloat(x >> 8) * WI_TWO_POW_M24;
}

inline vfloat wi_normal_radius(vuint x_even) {
    vfloat u1 = convert_vfloat((x_even >> 8) + 1u) * WI_TWO_POW_M24;
    return sqrt(-2.0f * wi_ln(u1));
}

inline vfloat wi_truncated(vuint x) {
    vfloat v = convert_vfloat(convert_vint(((x >> 8) << 1) + 1u) - 16777216) * WI_TWO_POW_M24;
    return WI_SQRT2 * wi_erfinv(WI_ERF_SQRT2 * v);
}


/* The standard normal cut to [alpha, beta] (stream spec §3, version 2), unclamped, as
   Transforms.boundedNormal: tp = P, tr = R, tw = W of dev.weightinit.engine.Truncation. */
inline vfloat wi_bounded(vuint x, float tp, float tr, float tw) {
    vuint m = x >> 8;
    vfloat u = convert_vfloat((m << 1) + 1u) * 0x1p-25f;
    vfloat v = convert_vfloat(33554432u - (m << 1) - 1u) * 0x1p-25f;
    vfloat below = tp + u * tw;
    vfloat above = tr + v * tw;
    vint lower = below <= above;
    vfloat z = wi_normal_upper_quantile(select(above, below, lower));
    return select(z, -z, lower);
}

/* a + b * z clamped to [lo, hi] by two comparisons, as Truncation.clamp (-0 stays -0). */
inline vfloat wi_clamped(float a, float b, vfloat z, float lo, float hi) {
    vfloat v = a + b * z;
    v = select(v, (vfloat) lo, v < lo);
    return select(v, (vfloat) hi, v > hi);
}
