package dev.weightinit.checkpoint;

import dev.weightinit.core.Integers;
import java.io.Serial;
import java.io.Serializable;
import java.security.SecureRandom;

/**
 * The model seed of one run, and whether it was drawn because none was given: the one place a
 * seed is drawn for {@code init} (every input kind) and for the Spark job. A drawn seed comes from
 * {@link SecureRandom} and must be printed ({@link #reproduceHint}) once the output is in place.
 * Immutable.
 *
 * @param value the 64 bits every tensor's stream derives from
 * @param drawn whether no seed was given and this one was drawn
 */
public record ModelSeed(long value, boolean drawn) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final SecureRandom SOURCE = new SecureRandom();

    /** The given seed, else a drawn one. */
    public static ModelSeed of(Long given) {
        return given != null ? new ModelSeed(given, false) : new ModelSeed(SOURCE.nextLong(), true);
    }

    /** The given seed, else the model's own ({@code fallback}, e.g. a spec's {@code seed}), else a drawn one. */
    public static ModelSeed of(Long given, Long fallback) {
        return of(given != null ? given : fallback);
    }

    /**
     * A seed as the command line and the Spark job take it: an integer from -2^63 to 2^64 - 1
     * (signed or unsigned 64-bit, as in a spec), taken as its 64 bits.
     *
     * @throws IllegalArgumentException naming the text and the allowed range
     */
    public static long parse(String text) {
        Long seed = Integers.seedBits(Integers.parse(text));
        if (seed == null) {
            throw new IllegalArgumentException("seed '" + text + "' is not valid: expected " + Integers.SEED_RANGE);
        }
        return seed;
    }

    /** The line that tells the user how to reproduce {@code what} ("this file", "this folder"). */
    public String reproduceHint(String what) {
        return "seed " + value + " was drawn: pass --seed " + value + " to reproduce " + what;
    }
}
