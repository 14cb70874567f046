/*
 * wi_steps: every per-lane step of stream spec §3, evaluated on chosen inputs so that a device can
 * be checked against the Java reference on all 2^24 inputs each step can get (its 24-bit integer
 * m = x >> 8), with the fill program's own transforms (transforms.cl) and build options.
 * Work-item g evaluates m = first + g*WI_BLOCKS_PER_ITEM + [0, WI_BLOCKS_PER_ITEM); with m >= 2^24 nothing is written.
 *   uniform[i]   = bits of wi_uniform(m << 8)             (Transforms.uniform)
 *   radius[i]    = bits of wi_normal_radius(m << 8)       (Transforms.normalRadius)
 *   sin2pi[i], cos2pi[i] = bits of sin/cos(2*pi*m*2^-24)  (Float32Math.sin2pi / cos2pi)
 *   truncated[i] = bits of wi_truncated(m << 8)           (Transforms.truncatedNormal)
 *   bounded[i], bounded_tail[i] = bits of wi_bounded(m << 8, ...) with the constants of
 *                  Truncation.REFERENCE and Truncation.TAIL_REFERENCE (Transforms.boundedNormal)
 * where i = m - first.
 */
__kernel void wi_steps(__global uint *uniform, __global uint *radius, __global uint *sin2pi, __global uint *cos2pi,
                       __global uint *truncated, __global uint *bounded, __global uint *bounded_tail, uint first, uint count,
                       float tp, float tr, float tw, float tail_tp, float tail_tr, float tail_tw) {
    uint offset = (uint) get_global_id(0) * WI_BLOCKS_PER_ITEM;
    if (offset >= count) {
        return;
    }
    vuint m = (vuint) (first + offset) + WI_LANE_IOTA;
    vuint x = m << 8;
    vfloat s, c;
    wi_sincos2pi(m, &s, &c);
#if WI_BLOCKS_PER_ITEM == 1
    uniform[offset] = as_uint(wi_uniform(x));
    radius[offset] = as_uint(wi_normal_radius(x));
    sin2pi[offset] = as_uint(s);
    cos2pi[offset] = as_uint(c);
    truncated[offset] = as_uint(wi_truncated(x));
    bounded[offset] = as_uint(wi_bounded(x, tp, tr, tw));
    bounded_tail[offset] = as_uint(wi_bounded(x, tail_tp, tail_tr, tail_tw));
#else
    size_t k = offset / WI_BLOCKS_PER_ITEM;
    vstore16(as_vuint(wi_uniform(x)), k, uniform);
    vstore16(as_vuint(wi_normal_radius(x)), k, radius);
    vstore16(as_vuint(s), k, sin2pi);
    vstore16(as_vuint(c), k, cos2pi);
    vstore16(as_vuint(wi_truncated(x)), k, truncated);
    vstore16(as_vuint(wi_bounded(x, tp, tr, tw)), k, bounded);
    vstore16(as_vuint(wi_bounded(x, tail_tp, tail_tr, tail_tw)), k, bounded_tail);
#endif
}
