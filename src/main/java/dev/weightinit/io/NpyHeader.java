package dev.weightinit.io;

import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The header of a NumPy {@code .npy} file, format 1.0, padded so the data starts on a 64-byte
 * boundary. Format 1.0 holds headers up to 65535 bytes; a shape of at most {@link Shape#MAX_RANK}
 * dimensions of at most 19 digits each keeps the header under 1.5 KiB, so 2.0 is never needed. bfloat16, which NumPy lacks, is written as
 * {@code <u2} (its raw bits; {@code np.load(f).view(ml_dtypes.bfloat16)} reads it).
 */
public final class NpyHeader {
    private NpyHeader() {
    }

    /** The NumPy {@code descr} of a dtype. */
    public static String descr(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT16 -> "<f2";
            case FLOAT64 -> "<f8";
            case BFLOAT16 -> "<u2";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case BOOL -> "|b1";
            case UINT32 -> "<u4";
        };
    }

    /** The complete header bytes for a C-order array. */
    public static ByteBuffer of(DType dtype, Shape shape) {
        long[] dims = shape.dims();
        String tuple = dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '" + descr(dtype) + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int prefix = 10; // magic, version 1.0, 2-byte header length
        int total = align(prefix + dict.length() + 1);
        String padded = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        header.put((byte) 1).put((byte) 0);
        header.putShort((short) (total - prefix));
        header.put(padded.getBytes(StandardCharsets.US_ASCII));
        return header.flip();
    }

    private static int align(int length) {
        return (length + 63) / 64 * 64;
    }
}
