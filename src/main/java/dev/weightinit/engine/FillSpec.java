package dev.weightinit.engine;

import java.util.Objects;

/**
 * What to generate: the stream spec's (seed, stream) with a transform, the §4 affine map
 * {@code value = offset + scale * z} in float32 ({@code a} and {@code b} of the spec) and the output type. Element {@code i} of the tensor it
 * describes depends on nothing else.
 *
 * @param seed         the Philox key, any 64-bit value
 * @param stream       the tensor's stream id, unsigned 64-bit
 * @param distribution the unit transform
 * @param offset       {@code a}: added after scaling, finite
 * @param scale        {@code b}: multiplies the unit value, finite
 * @param dtype        output type; {@link DType#UINT32} exactly when {@code distribution} is
 *                     {@link Distribution#RAW_BITS}
 * @param truncation   the bounds of {@link Distribution#BOUNDED_NORMAL} (given exactly for it, else {@code null})
 */
public record FillSpec(long seed, long stream, Distribution distribution, float offset, float scale, DType dtype, Truncation truncation) {

    /** A spec of any distribution but {@link Distribution#BOUNDED_NORMAL}. */
    public FillSpec(long seed, long stream, Distribution distribution, float offset, float scale, DType dtype) {
        this(seed, stream, distribution, offset, scale, dtype, null);
    }

    public FillSpec {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(dtype, "dtype");
        if (!Float.isFinite(offset)) {
            throw new IllegalArgumentException("offset a is " + offset + ": it must be a finite float");
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale b is " + scale + ": it must be a finite float");
        }
        if (dtype.isConstantOnly()) {
            throw new IllegalArgumentException("dtype " + dtype.specName() + " holds constants written on the host, not values of "
                    + distribution.specName());
        }
        if ((distribution == Distribution.BOUNDED_NORMAL) != (truncation != null)) {
            throw new IllegalArgumentException("distribution " + distribution.specName() + (truncation == null
                    ? " needs its bounds (a Truncation)" : " takes no Truncation: only bounded_normal does"));
        }
        if ((distribution == Distribution.RAW_BITS) != (dtype == DType.UINT32)) {
            throw new IllegalArgumentException("dtype " + dtype.specName() + " with distribution "
                    + distribution.specName() + ": raw bits are written as uint32 and only raw bits are");
        }
    }

    /** The unit distribution ({@code a = 0, b = 1}) in float32; {@link Distribution#BOUNDED_NORMAL} is cut to {@link Truncation#REFERENCE}. */
    public static FillSpec unit(long seed, long stream, Distribution distribution) {
        DType type = distribution == Distribution.RAW_BITS ? DType.UINT32 : DType.FLOAT32;
        return new FillSpec(seed, stream, distribution, 0.0f, 1.0f, type,
                distribution == Distribution.BOUNDED_NORMAL ? Truncation.REFERENCE : null);
    }

    /** The raw Philox words of (seed, stream). */
    public static FillSpec raw(long seed, long stream) {
        return unit(seed, stream, Distribution.RAW_BITS);
    }

    /** This spec with another output type. */
    public FillSpec withDtype(DType newType) {
        return new FillSpec(seed, stream, distribution, offset, scale, newType, truncation);
    }
}
