package dev.weightinit.core;

import java.util.Map;

/**
 * An initializer defined by its {@link Declaration} and {@link Config}: class name, config,
 * {@link #copy()} and equality all come from them, so a class adds only its mapping (see
 * {@link ElementwiseInitializer} and {@link HostComputedInitializer}).
 *
 * <p>Immutable and thread-safe.
 */
public abstract class DeclaredInitializer implements Initializer {
    private final Config config;

    /**
     * @throws IllegalStateException if the class implements {@link Seeded} but its declaration has
     *                               no seed, or the other way round
     */
    protected DeclaredInitializer(Config config) {
        this.config = config;
        if ((this instanceof Seeded) != config.declaration().seeded()) {
            throw new IllegalStateException(getClass().getName() + (this instanceof Seeded ? " is Seeded but declares no seed"
                    : " declares a seed but is not Seeded"));
        }
    }

    /** The checked arguments. */
    public final Config config() {
        return config;
    }

    @Override
    public final String className() {
        return config.declaration().className();
    }

    @Override
    public final Map<String, Object> getConfig() {
        return config.toMap();
    }

    @Override
    public final Initializer copy() {
        return config.declaration().create(config.redrawn());
    }

    /** Equal when of the same declaration with the same arguments and the same seed in use. */
    @Override
    public final boolean equals(Object other) {
        return other instanceof DeclaredInitializer initializer && config.equals(initializer.config);
    }

    @Override
    public final int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return config.toString() + (this instanceof Seeded seeded && seeded.seed().drawn() ? " (drawn seed "
                + seeded.seed().value() + ")" : "");
    }
}
