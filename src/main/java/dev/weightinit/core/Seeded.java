package dev.weightinit.core;

/**
 * An initializer that draws random values, and so has a {@link Seed}: the one configured, or the
 * one drawn when it was built (stream spec §5).
 */
public interface Seeded extends Initializer {
    /** The checked arguments, whose seed this is. */
    Config config();

    /** The seed as configured and the value in use. */
    default Seed seed() {
        return config().seed();
    }
}
