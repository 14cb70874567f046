package dev.weightinit.engine;

import static dev.weightinit.engine.StreamSpec.PHILOX_M0;
import static dev.weightinit.engine.StreamSpec.PHILOX_M1;
import static dev.weightinit.engine.StreamSpec.PHILOX_ROUNDS;
import static dev.weightinit.engine.StreamSpec.PHILOX_W0;
import static dev.weightinit.engine.StreamSpec.PHILOX_W1;

/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3" (SC'11), as in Random123: a pure function of a 128-bit counter and a
 * 64-bit key. Period 2^128 per key.
 *
 * <p>Thread-safe: stateless.
 */
public final class Philox {
    private static final long MASK32 = 0xFFFF_FFFFL;
    private static final long M0 = PHILOX_M0 & MASK32;
    private static final long M1 = PHILOX_M1 & MASK32;

    private Philox() {
    }

    /**
     * Computes one block: the four output words for counter {@code (c0, c1, c2, c3)} and key
     * {@code (k0, k1)}.
     *
     * @param out receives the words at {@code out[offset .. offset + 3]}
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int offset) {
        for (int round = 0; round < PHILOX_ROUNDS; round++) {
            long p0 = (c0 & MASK32) * M0;
            long p1 = (c2 & MASK32) * M1;
            int next0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int next2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = next0;
            c2 = next2;
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        out[offset] = c0;
        out[offset + 1] = c1;
        out[offset + 2] = c2;
        out[offset + 3] = c3;
    }
}
