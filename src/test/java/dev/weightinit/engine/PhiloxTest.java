package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.core.source32.Philox4x32;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhiloxTest {

    /** Random123 1.09 {@code kat_vectors}, lines {@code philox4x32 10 ...}; also in the stream spec §1. */
    @Test
    void matchesRandom123KnownAnswers() {
        assertBlock(new int[] {0, 0, 0, 0}, new int[] {0, 0},
                new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
        assertBlock(new int[] {-1, -1, -1, -1}, new int[] {-1, -1},
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
        assertBlock(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    private static void assertBlock(int[] counter, int[] key, int[] expected) {
        int[] out = new int[4];
        dev.weightinit.engine.Philox.block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
        assertArrayEquals(expected, out);
    }

    /**
     * Apache Commons RNG 1.7's independent Philox4x32: seeded {@code {k0, k1, c0, c1, c2, c3}} with
     * the counter one below the first block (it increments before generating), its {@code nextInt}
     * stream is our blocks 0, 1, 2, ... of that stream, words in lane order.
     */
    @Test
    void rawStreamMatchesCommonsRngPhilox() {
        long[][] seedsAndStreams = {{0L, 0L}, {42L, 0L}, {0x0123456789ABCDEFL, 7L}, {-1L, 0xFEDCBA9876543210L}};
        int words = 1 << 18;
        for (long[] pair : seedsAndStreams) {
            long seed = pair[0];
            long stream = pair[1];
            long counterHigh = stream - 1; // (c2, c3) of the counter before block 0, borrowed from c0 = c1 = 0
            // STREAM-SPEC section 2, written out here: k0 = seed's low 32 bits, k1 = its high 32 bits.
            Philox4x32 reference = new Philox4x32(new int[] {
                (int) (seed & 0xFFFF_FFFFL), (int) (seed >>> 32), -1, -1, (int) counterHigh, (int) (counterHigh >>> 32)});
            int[] ours = new int[words];
            ReferenceGenerator.generateRaw(seed, stream, 0, ours, 0, words);
            for (int i = 0; i < words; i++) {
                int expected = reference.nextInt();
                if (ours[i] != expected) {
                    assertEquals(expected, ours[i], "seed " + seed + " stream " + stream + " word " + i);
                }
            }
        }
    }

    /**
     * Stream ids of known names, written out from Python's hashlib
     * ({@code int.from_bytes(sha256(name.encode()).digest()[:8], "little")}), not from StreamSpec:
     * a big-endian or truncated mapping fails here.
     */
    @Test
    void streamIdsOfKnownNamesArePinned() {
        Map<String, Long> pinned = new LinkedHashMap<>();
        pinned.put("", 0x141cfc9842c4b0e3L);
        pinned.put("wte.weight", 0x0d3dd8f73ae2f39fL);
        pinned.put("model.layers.0.self_attn.q_proj.weight", 0x2211ffe7c71ea125L);
        pinned.put("dense/kernel", 0x8147927a2127f969L);
        pinned.put("conv2.weight", 0x7ac98794bb353aa0L);
        pinned.put("\u03c0", 0xa983aa2bb9fc1726L); // pi: two UTF-8 bytes
        pinned.put("lm_head.weight", 0xacbefdf95eb86678L);
        for (Map.Entry<String, Long> e : pinned.entrySet()) {
            assertEquals(Long.toHexString(e.getValue()), Long.toHexString(StreamSpec.streamOf(e.getKey())), "stream of '" + e.getKey() + "'");
        }
    }

    @Test
    void blockIndexUsesBothCounterWords() {
        long block = 0x1_0000_0003L;
        int[] expected = new int[4];
        dev.weightinit.engine.Philox.block(3, 1, 5, 0, 9, 0, expected, 0);
        int[] raw = new int[4];
        ReferenceGenerator.generateRaw(9L, 5L, block * 4, raw, 0, 4);
        assertArrayEquals(expected, raw);
    }
}
