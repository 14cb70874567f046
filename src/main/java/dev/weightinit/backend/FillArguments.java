package dev.weightinit.backend;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;

/**
 * The argument checks every backend makes where a request enters, before any memory is touched or
 * native call made, and the page-aligned host buffers they hand out; each check throws
 * {@link IllegalArgumentException} naming the bad value. Kept out of the {@link Backend} contract,
 * which callers implement and read. Thread-safe: stateless.
 */
public final class FillArguments {
    private FillArguments() {
    }

    /** A direct little-endian buffer of {@code bytes} whose first byte is at a multiple of 4096. */
    public static ByteBuffer pageAligned(int bytes) {
        if (bytes > Integer.MAX_VALUE - 8192) {
            throw new IllegalArgumentException("host buffer of " + bytes + " bytes: at most 2^31 - 8193 can be page-aligned");
        }
        // alignedSlice rounds both ends to the unit: room for a whole number of pages past the start.
        int pages = (bytes + 4095) / 4096;
        return ByteBuffer.allocateDirect((pages + 1) * 4096).alignedSlice(4096).slice(0, bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The checks of {@link Backend#fill(FillSpec, long, short[], int, int)}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static void checkArray(FillSpec spec, long start, short[] dst, int offset, int count) {
        checkHalves(spec.dtype());
        checkSlot(dst == null ? -1 : dst.length, start, offset, count);
    }

    /** @throws IllegalArgumentException unless {@code dtype} is float16 or bfloat16 */
    public static void checkHalves(DType dtype) {
        if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
            throw new IllegalArgumentException("a short[] destination holds float16 or bfloat16 bits, not " + dtype.specName());
        }
    }

    /**
     * The checks of {@link Backend#fill(FillSpec, long, float[], int, int)}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static void checkArray(FillSpec spec, long start, float[] dst, int offset, int count) {
        if (spec.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("a float[] destination needs dtype float32, not " + spec.dtype().specName());
        }
        checkSlot(dst == null ? -1 : dst.length, start, offset, count);
    }

    /** The array checks after the dtype's: an array ({@code length} -1 for none), the range, the slot in it. */
    private static void checkSlot(int length, long start, int offset, int count) {
        if (length < 0) {
            throw new IllegalArgumentException("destination array is null");
        }
        checkRange(start, count);
        if (offset < 0 || offset > length - count) {
            throw new IllegalArgumentException("offset " + offset + " and count " + count + " do not fit an array of length " + length);
        }
    }

    /**
     * Checks a request's range and returns its element count.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static long checkedCount(FillSpec spec, long start, ByteBuffer dst) {
        checkWritable(dst);
        long count = elementsIn(dst, spec.dtype(), "destination");
        checkRange(start, count);
        return count;
    }

    /**
     * The number of {@code dtype} elements in {@code buffer}'s remaining bytes.
     *
     * @param role what the buffer is, for the message ("destination", "source")
     * @throws IllegalArgumentException if the bytes are not a whole number of elements
     */
    public static long elementsIn(ByteBuffer buffer, DType dtype, String role) {
        int bytes = dtype.bytes();
        if (buffer.remaining() % bytes != 0) {
            throw new IllegalArgumentException(role + " has " + buffer.remaining() + " bytes remaining, not a multiple of "
                    + bytes + " (the size of " + dtype.specName() + ")");
        }
        return buffer.remaining() / bytes;
    }

    /**
     * Refuses a destination that cannot be written: {@code null}, or read-only (a read-only mapped
     * file or a {@code asReadOnlyBuffer()} view, which native copies would write anyway).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkWritable(ByteBuffer dst) {
        if (dst == null) {
            throw new IllegalArgumentException("destination buffer is null");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only: values cannot be written into it");
        }
    }

    /**
     * Checks that elements {@code [start, start + count)} lie inside {@code size} elements.
     *
     * @param container what holds them, for the message ("tensor (3, 4) of 12 elements")
     * @throws IllegalArgumentException "elements [start, start + count) are outside CONTAINER"
     */
    public static void checkInside(long start, long count, long size, String container) {
        if (start < 0 || count < 0 || start > size || count > size - start) {
            throw new IllegalArgumentException("elements [" + start + ", " + start + " + " + count + ") are outside " + container);
        }
    }

    /** @throws IllegalArgumentException if {@code start < 0}, {@code count < 0} or the end overflows */
    public static void checkRange(long start, long count) {
        if (start < 0) {
            throw new IllegalArgumentException("start " + start + " is negative: element indices start at 0");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative");
        }
        if (start + count < 0) {
            throw new IllegalArgumentException("start " + start + " + count " + count + " overflows a 64-bit index");
        }
    }
}
