package dev.weightinit.api;

/** An initializer that draws random values, and so has a {@link Seed}. */
public interface Seeded {
    /** The seed as configured and the value in use (drawn when the configured seed is {@code null}). */
    Seed seed();
}
