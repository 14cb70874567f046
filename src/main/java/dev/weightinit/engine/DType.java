package dev.weightinit.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Output element types of stream spec §4. Every value is computed in float32 first; the narrow
 * types round that value to nearest even, {@link #FLOAT64} is its exact widening. Each constant
 * carries the integer code its OpenCL kernels are compiled with ({@code -DWI_DTYPE=code}). The
 * integer and bool types hold constants only (buffers such as {@code num_batches_tracked}), which
 * are written on the host and never reach a kernel.
 */
public enum DType {
    FLOAT32(0, 4, "float32", "F32"),
    FLOAT16(1, 2, "float16", "F16"),
    BFLOAT16(2, 2, "bfloat16", "BF16"),
    FLOAT64(3, 8, "float64", "F64"),
    /** Raw Philox words; only with {@link Distribution#RAW_BITS}. */
    UINT32(4, 4, "uint32", "U32"),
    /** Integer buffers (PyTorch's {@code num_batches_tracked}): constants only, never drawn. */
    INT64(5, 8, "int64", "I64"),
    INT32(6, 4, "int32", "I32"),
    /** One byte per element, 0 or 1: constants only. */
    BOOL(7, 1, "bool", "BOOL");

    private final int kernelCode;
    private final int bytes;
    private final String specName;
    private final String safetensorsName;

    DType(int kernelCode, int bytes, String specName, String safetensorsName) {
        this.kernelCode = kernelCode;
        this.bytes = bytes;
        this.specName = specName;
        this.safetensorsName = safetensorsName;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The value of the {@code WI_DTYPE} macro that selects this output type in {@code fill.cl}. */
    public int kernelCode() {
        return kernelCode;
    }

    /** The largest finite value the type holds (of a float32 value rounded to it; float64 holds every float32). */
    public double largestFinite() {
        return switch (this) {
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 0x1.fep127; // values above it round to infinity or stay float32's largest
            case FLOAT32, FLOAT64 -> Float.MAX_VALUE;
            case UINT32 -> 4294967295.0;
            case INT64 -> 0x1p63;
            case INT32 -> Integer.MAX_VALUE;
            case BOOL -> 1.0;
        };
    }

    /** Whether the type holds floating-point values (what the transforms make). */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT16 || this == BFLOAT16 || this == FLOAT64;
    }

    /** Whether the type holds only constants written on the host: int64, int32, bool. */
    public boolean isConstantOnly() {
        return this == INT64 || this == INT32 || this == BOOL;
    }

    /** The NumPy-style lower-case name ({@code float32}, {@code bfloat16}, ...). */
    public String specName() {
        return specName;
    }

    /** The dtype string of the safetensors format ({@code F32}, {@code BF16}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /**
     * Parses a NumPy-style name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static DType parse(String name) {
        for (DType type : values()) {
            if (type.specName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("dtype '" + name + "' is not supported: expected one of "
                + Arrays.stream(values()).map(DType::specName).collect(Collectors.joining(", ")));
    }

    /**
     * Parses the name of a type a file can hold: float32, float16, bfloat16, float64, or for
     * constant buffers int64, int32 or bool ({@link #UINT32} is the generator's, never an output's).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static DType parseOutput(String name) {
        DType dtype;
        try {
            dtype = parse(name);
        } catch (IllegalArgumentException e) {
            dtype = UINT32;
        }
        if (dtype == UINT32) {
            throw new IllegalArgumentException("dtype '" + name + "' is " + (UINT32.specName.equals(name) ? "not an output type" : "not supported")
                    + ": expected float32, float16, bfloat16, float64, or for constant buffers int64, int32 or bool");
        }
        return dtype;
    }
}
