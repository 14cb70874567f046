package dev.weightinit.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The constants and key/counter mapping of the weightinit stream spec, version 1
 * ({@code kernels/STREAM-SPEC.md}). This class is the one place that defines them for Java; the
 * OpenCL sources in {@code kernels/} mirror each constant with a comment naming this class.
 *
 * <p>Output depends only on (seed, stream, element index): {@code k0}/{@code k1} are the low and
 * high halves of the seed, {@code c2}/{@code c3} those of the stream, and element {@code i} of a
 * 32-bit tensor reads lane {@code i & 3} of Philox block {@code i >>> 2}.
 *
 * <p>Thread-safe: stateless.
 */
public final class StreamSpec {
    /**
     * The newest version of the value contract this engine implements. A version adds sections and
     * never changes an earlier version's values: version 2 adds the bounded normal
     * ({@link Distribution#BOUNDED_NORMAL}); everything of version 1 keeps its bits. Files record
     * the newest version their tensors use.
     */
    public static final int VERSION = 2;

    /** Philox4x32 round multipliers and Weyl key increments (Salmon et al., SC'11). */
    public static final int PHILOX_M0 = 0xD2511F53;
    public static final int PHILOX_M1 = 0xCD9E8D57;
    public static final int PHILOX_W0 = 0x9E3779B9;
    public static final int PHILOX_W1 = 0xBB67AE85;
    public static final int PHILOX_ROUNDS = 10;

    /** Elements per Philox block for 32-bit outputs. */
    public static final int LANES = 4;

    /** {@code 2^-24}: scale of the 24-bit integer {@code m(x) = x >>> 8}. */
    public static final float TWO_POW_M24 = 0x1p-24f;

    /** {@code erf(sqrt(2))} rounded to float32: truncated-normal inverse-CDF argument scale. */
    public static final float ERF_SQRT2 = (float) 0.95449973610364158560;
    /** {@code sqrt(2)} rounded to float32. */
    public static final float SQRT2 = (float) 1.41421356237309504880;
    /**
     * Standard deviation of a unit normal truncated at ±2 (Keras' {@code 0.87962566103423978}):
     * VarianceScaling divides its truncated-normal scale by it.
     */
    public static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private StreamSpec() {
    }

    /** {@code k0}: low 32 bits of the seed's two's-complement bits. */
    public static int key0(long seed) {
        return (int) seed;
    }

    /** {@code k1}: high 32 bits of the seed. */
    public static int key1(long seed) {
        return (int) (seed >>> 32);
    }

    /** {@code c2}: low 32 bits of the stream id. */
    public static int counter2(long stream) {
        return (int) stream;
    }

    /** {@code c3}: high 32 bits of the stream id. */
    public static int counter3(long stream) {
        return (int) (stream >>> 32);
    }

    /**
     * Checks that a tensor name has a UTF-8 form: a string without unpaired surrogates (UTF-8 would
     * replace one with {@code ?}, so two names would share a stream, and safetensors readers reject it).
     *
     * @throws IllegalArgumentException naming the position of the first unpaired surrogate
     */
    public static void checkName(String tensorName) {
        if (tensorName == null) {
            throw new IllegalArgumentException("tensorName is null: a tensor name must be a string");
        }
        for (int i = 0; i < tensorName.length(); i++) {
            char c = tensorName.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < tensorName.length() && Character.isLowSurrogate(tensorName.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("tensor name has an unpaired surrogate \\u%04x at index %d: "
                        + "names must be valid Unicode", (int) c, i));
            }
        }
    }

    /**
     * Stream id of a named tensor: the first 8 bytes, little-endian, of SHA-256 of its UTF-8 name.
     *
     * @param tensorName any valid Unicode string ({@link #checkName}), the empty one included
     * @return an unsigned 64-bit id held in a {@code long}
     */
    public static long streamOf(String tensorName) {
        checkName(tensorName);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(tensorName.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        long stream = 0;
        for (int i = 7; i >= 0; i--) {
            stream = (stream << 8) | (digest[i] & 0xFFL);
        }
        return stream;
    }
}
