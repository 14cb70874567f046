package dev.weightinit.core;

import java.security.SecureRandom;

/**
 * An initializer's seed, with Keras 3's semantics (stream spec §5): an integer seed gives the same
 * values on every call; {@code null} draws a 64-bit seed once, from a secure source, when the
 * initializer is built. The config keeps what was given ({@code null} stays {@code null}), so a
 * clone or {@code fromConfig} of an unseeded initializer draws anew, as in Keras; the drawn seed
 * is still visible through {@link #value()} so any result can be reproduced.
 *
 * @param configured the seed as given, or {@code null}
 * @param value      the seed in use
 */
public record Seed(Long configured, long value) {
    private static final SecureRandom SOURCE = new SecureRandom();

    /** The given seed, or a freshly drawn one when {@code configured} is {@code null}. */
    public static Seed of(Long configured) {
        return new Seed(configured, configured != null ? configured : SOURCE.nextLong());
    }

    /** Whether the seed was drawn rather than given. */
    public boolean drawn() {
        return configured == null;
    }
}
