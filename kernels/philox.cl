/*
 * Philox4x32-10 (Salmon et al., SC'11; Random123) on vectors of counters.
 * Constants mirror dev.weightinit.engine.StreamSpec (stream spec §1).
 */
#define WI_PHILOX_M0 0xD2511F53u
#define WI_PHILOX_M1 0xCD9E8D57u
#define WI_PHILOX_W0 0x9E3779B9u
#define WI_PHILOX_W1 0xBB67AE85u

#if WI_BLOCKS_PER_ITEM == 16
/* CPU devices: one widening 32x32->64 product per multiplier, split in halves (PoCL turns it into
 * vpmuludq; mul_hi plus a separate low multiply computed every product twice: 1.5 -> 2.0 G words/s). */
#define WI_PHILOX_MUL(m, c, hi, lo)                          \
    do {                                                     \
        vulong wide = convert_vulong(c) * (vulong) (m);      \
        hi = convert_vuint(wide >> 32);                      \
        lo = convert_vuint(wide);                            \
    } while (0)
#else
/* GPUs: mul_hi is one instruction there, a 64-bit multiply several. */
#define WI_PHILOX_MUL(m, c, hi, lo)                          \
    do {                                                     \
        hi = mul_hi((vuint) (m), c);                         \
        lo = (vuint) (m) * (c);                              \
    } while (0)
#endif

#define WI_PHILOX_ROUND(c0, c1, c2, c3, k0, k1)              \
    do {                                                     \
        vuint hi0, lo0, hi1, lo1;                            \
        WI_PHILOX_MUL(WI_PHILOX_M0, c0, hi0, lo0);           \
        WI_PHILOX_MUL(WI_PHILOX_M1, c2, hi1, lo1);           \
        c0 = hi1 ^ c1 ^ (k0);                                \
        c1 = lo1;                                            \
        c2 = hi0 ^ c3 ^ (k1);                                \
        c3 = lo0;                                            \
    } while (0)

/* Ten rounds in place: (c0, c1, c2, c3) becomes the block's output words. */
inline void wi_philox4x32_10(vuint *c0, vuint *c1, vuint *c2, vuint *c3, uint k0, uint k1) {
    vuint x0 = *c0, x1 = *c1, x2 = *c2, x3 = *c3;
    for (int round = 0; round < 10; round++) {
        WI_PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        k0 += WI_PHILOX_W0;
        k1 += WI_PHILOX_W1;
    }
    *c0 = x0; *c1 = x1; *c2 = x2; *c3 = x3;
}
