package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two headers byte for byte against independent writers: the {@code .npy} header against
 * NumPy's own ({@code np.lib.format.write_array_header_1_0}) for every dtype and rank 0 to 3; the
 * safetensors header against the format's definition written out here (8-byte little-endian
 * length, JSON padded with spaces to a multiple of 8), with its size limits at their exact edges.
 */
class HeadersTest {
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void npyHeadersAreNumpysOwnForEveryDtypeAndRank() throws Exception {
        Map<DType, String> descr = new LinkedHashMap<>();
        descr.put(DType.FLOAT32, "<f4");
        descr.put(DType.FLOAT16, "<f2");
        descr.put(DType.FLOAT64, "<f8");
        descr.put(DType.BFLOAT16, "<u2");
        descr.put(DType.INT64, "<i8");
        descr.put(DType.INT32, "<i4");
        descr.put(DType.BOOL, "|b1");
        descr.put(DType.UINT32, "<u4");
        List<long[]> shapes = List.of(new long[] {}, new long[] {3}, new long[] {33, 17}, new long[] {2, 1, 123456789012L});
        StringBuilder script = new StringBuilder("import io, numpy as np\n");
        StringBuilder ours = new StringBuilder();
        for (Map.Entry<DType, String> e : descr.entrySet()) {
            assertEquals(e.getValue(), NpyHeader.descr(e.getKey()), e.getKey().toString());
            for (long[] dims : shapes) {
                StringBuilder tuple = new StringBuilder("(");
                for (long d : dims) {
                    tuple.append(d).append(",");
                }
                script.append("b = io.BytesIO(); np.lib.format.write_array_header_1_0(b, {'descr': '").append(e.getValue())
                        .append("', 'fortran_order': False, 'shape': ").append(tuple).append(")}); print(b.getvalue().hex())\n");
                ours.append(HexFormat.of().formatHex(bytes(NpyHeader.of(e.getKey(), Shape.of(dims))))).append('\n');
            }
        }
        assertEquals(python(script.toString()), ours.toString(), "the .npy headers NumPy writes, one line per dtype and shape");
    }

    private static String python(String script) throws Exception {
        return dev.weightinit.Python.run("-c", script);
    }

    private static SafetensorsHeader.Entry entry(String name, DType dtype, long... dims) {
        return new SafetensorsHeader.Entry(name, TensorSpec.named(name, Shape.of(dims), dtype));
    }

    @Test
    void safetensorsHeaderIsTheFormatByteForByte() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        ByteBuffer header = SafetensorsHeader.of(List.of(entry("a", DType.FLOAT32, 2, 3), entry("b.bias", DType.BFLOAT16, 5)), metadata);
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b.bias\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[24,34]}}";
        int padded = (json.length() + 7) / 8 * 8; // 8-byte alignment of the data that follows
        ByteBuffer expected = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded).put(json.getBytes(StandardCharsets.UTF_8));
        while (expected.hasRemaining()) {
            expected.put((byte) ' ');
        }
        assertTrue(padded > json.length(), "this case needs padding: " + json.length());
        assertEquals(HexFormat.of().formatHex(expected.array()), HexFormat.of().formatHex(bytes(header)));
        ByteBuffer empty = SafetensorsHeader.of(List.of(), Map.of());
        assertEquals("0800000000000000" + "7b7d202020202020", HexFormat.of().formatHex(bytes(empty)), "{} padded to 8, no __metadata__");
    }

    @Test
    void reservedAndRepeatedNamesAreRefused() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsHeader.of(List.of(entry("__x", DType.FLOAT32, 1)), Map.of()));
        assertTrue(reserved.getMessage().contains("'__x'"), reserved.getMessage());
        SafetensorsHeader.of(List.of(entry("_x", DType.FLOAT32, 1)), Map.of()); // one underscore is a name like any other
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsHeader.of(List.of(entry("w", DType.FLOAT32, 1), entry("w", DType.FLOAT16, 2)), Map.of()));
        assertTrue(twice.getMessage().contains("'w'") && twice.getMessage().contains("twice"), twice.getMessage());
    }

    /** 2^63 - 1 bytes is the largest file: reached exactly it is accepted, one byte past it is not. */
    @Test
    void sizeLimitsHoldAtTheirExactEdges() {
        long quarter = Long.MAX_VALUE / 4; // 2^61 - 1 float32 elements: 2^63 - 4 bytes
        SafetensorsHeader.Entry big = entry("big", DType.FLOAT32, quarter);
        assertEquals(Long.MAX_VALUE - 3, SafetensorsHeader.dataBytes(List.of(big)));
        assertEquals(Long.MAX_VALUE, SafetensorsHeader.dataBytes(List.of(big, entry("three", DType.BOOL, 3))));
        SafetensorsHeader.of(List.of(big, entry("three", DType.BOOL, 3)), Map.of());
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsHeader.dataBytes(List.of(big, entry("four", DType.BOOL, 4))));
        assertTrue(past.getMessage().contains("four") && past.getMessage().contains("2^63 - 1"), past.getMessage());
        past = assertThrows(IllegalArgumentException.class, () -> SafetensorsHeader.of(List.of(big, entry("four", DType.BOOL, 4)), Map.of()));
        assertTrue(past.getMessage().contains("four"), past.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsHeader.dataBytes(List.of(entry("huge", DType.FLOAT32, quarter + 1))));
        assertTrue(tooBig.getMessage().contains("huge") && tooBig.getMessage().contains("more than 2^63 - 1 bytes"), tooBig.getMessage());
    }
}
