/*
 * Philox4x32-10 (Salmon et al., SC'11; Random123) on vectors of counters.
 * Constants mirror dev.weightinit.engine.StreamSpec (stream spec §1).
 */
#define WI_PHILOX_M0 0xD2511F53u
#define WI_PHILOX_M1 0xCD9E8D57u
#define WI_PHILOX_W0 0x9E3779B9u
#define WI_PHILOX_W1 0xBB67AE85u

#define WI_PHILOX_ROUND(c0, c1, c2, c3, k0, k1)              \
    do {                                                     \
        vuint hi0 = mul_hi((vuint) WI_PHILOX_M0, c0);        \
        vuint lo0 = (vuint) WI_PHILOX_M0 * c0;               \
        vuint hi1 = mul_hi((vuint) WI_PHILOX_M1, c2);        \
        vuint lo1 = (vuint) WI_PHILOX_M1 * c2;               \
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
