/*
 * The project's float32 ln, sin/cos(2*pi*t) and erfinv (stream spec §3), operation for operation
 * as dev.weightinit.engine.Float32Math; coefficients are the same hex literals. Branches of the
 * Java code are select()s here: both sides are computed with the same operations, one is kept.
 */

/* ln x for positive normal x (Cephes logf polynomial). */
inline vfloat wi_ln(vfloat x) {
    vuint bits = as_vuint(x);
    vint e = convert_vint(bits >> 23) - 126;
    vfloat m = as_vfloat((bits & 0x007FFFFFu) | 0x3F000000u);
    vint low = m < 0x1.6a09e6p-1f;
    e = select(e, e - 1, low);
    m = select(m - 1.0f, m + m - 1.0f, low);
    vfloat z = m * m;
    vfloat y = 0x1.204376p-4f * m + -0x1.d7a37p-4f;
    y = y * m + 0x1.de4a34p-4f;
    y = y * m + -0x1.fcba9ep-4f;
    y = y * m + 0x1.23d37ep-3f;
    y = y * m + -0x1.555ca0p-3f;
    y = y * m + 0x1.999d58p-3f;
    y = y * m + -0x1.fffff8p-3f;
    y = y * m + 0x1.555554p-2f;
    y = y * m * z;
    vfloat fe = convert_vfloat(e);
    y = y + -0x1.bd0106p-13f * fe;
    y = y + -0.5f * z;
    vfloat r = m + y;
    return r + 0x1.63p-1f * fe;
}

/* sin(2*pi*s) for s in [0, 1/8], z = s*s. */
inline vfloat wi_sin_poly(vfloat s, vfloat z) {
    vfloat p = 0x1.507834p+5f * z + -0x1.32d2ccp+6f;
    p = p * z + 0x1.466bc6p+6f;
    p = p * z + -0x1.4abbcep+5f;
    vfloat correction = z * p + -0x1.777a5cp-23f;
    return s * 0x1.921fb6p+2f + s * correction;
}

/* cos(2*pi*s) for s in [0, 1/8], z = s*s. */
inline vfloat wi_cos_poly(vfloat z) {
    vfloat p = -0x1.a6d1f2p+4f * z + 0x1.e1f506p+5f;
    p = p * z + -0x1.55d3c8p+6f;
    p = p * z + 0x1.03c1f0p+6f;
    p = p * z + -0x1.3bd3ccp+4f;
    return 1.0f + z * p;
}

/* sin and cos of 2*pi*m24*2^-24, m24 in [0, 2^24), by exact reduction on the integer. */
inline void wi_sincos2pi(vuint m24, vfloat *sin_out, vfloat *cos_out) {
    vuint j = m24 & 0x3FFFFFu;
    vint swap = j > 0x200000u;
    vfloat s = convert_vfloat(select(j, 0x400000u - j, swap)) * 0x1p-24f;
    vfloat z = s * s;
    vfloat sp = wi_sin_poly(s, z);
    vfloat cp = wi_cos_poly(z);
    vint odd = ((m24 >> 22) & 1u) != 0u;
    vint take_cos_for_sin = odd ^ swap;
    vfloat sv = select(sp, cp, take_cos_for_sin);
    vfloat cv = select(cp, sp, take_cos_for_sin);
    *sin_out = as_vfloat(as_vuint(sv) ^ ((m24 >> 23) << 31));
    *cos_out = as_vfloat(as_vuint(cv) ^ ((((m24 >> 22) + 1u) & 2u) << 30));
}

/* erfinv x for |x| <= erf(sqrt 2): x * p(w), w = -ln((1-x)(1+x)). */
inline vfloat wi_erfinv(vfloat x) {
    vfloat w = -wi_ln((1.0f - x) * (1.0f + x));
    vfloat p = 0x1.fae1fep-24f * w + -0x1.915c26p-20f;
    p = p * w + 0x1.836ae2p-19f;
    p = p * w + 0x1.7f0954p-15f;
    p = p * w + -0x1.0b337ap-13f;
    p = p * w + -0x1.32191ep-9f;
    p = p * w + 0x1.7a734cp-7f;
    p = p * w + 0x1.db29fap-3f;
    return x * 0x1.c5bf8ap-1f + x * (w * p);
}

/* Psi(p), the upper-tail standard normal quantile (1 - Phi(z) = p), for normal p in [2^-126, 0.5]
   (stream spec §6, version 2): Wichura's AS 241 PPND7, as Float32Math.normalUpperQuantile; the
   three branches are all computed and one kept. */
inline vfloat wi_normal_upper_quantile(vfloat p) {
    vfloat q = p - 0.5f;
    vfloat r = 0x1.71eb86p-3f - q * q;
    vfloat num = ((0x1.d8e000p+5f * r + 0x1.3e9510p+7f) * r + 0x1.937964p+5f) * r + 0x1.b18d90p+1f;
    vfloat den = ((0x1.0cc010p+6f * r + 0x1.3b07f2p+6f) * r + 0x1.1e529ep+4f) * r + 1.0f;
    vfloat central = -((q * num) / den);
    vfloat t = sqrt(-wi_ln(p));
    vfloat t1 = t - 0x1.99999ap+0f;
    vfloat mid = (((0x1.5ca5dap-3f * t1 + 0x1.4e85c2p+0f) * t1 + 0x1.60df54p+1f) * t1 + 0x1.6c6662p+0f)
            / ((0x1.ec62b8p-4f * t1 + 0x1.795848p-1f) * t1 + 1.0f);
    vfloat t2 = t - 5.0f;
    vfloat far = (((0x1.1c0d82p-6f * t2 + 0x1.b6f8aap-2f) * t2 + 0x1.8a65a0p+1f) * t2 + 0x1.aa1b1ep+2f)
            / ((0x1.91ad42p-7f * t2 + 0x1.ef92a8p-3f) * t2 + 1.0f);
    vfloat tail = select(far, mid, t <= 5.0f);
    return select(tail, central, q >= -0x1.b33334p-2f);
}
