package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafetensorsReader}: the format's rules, from huggingface/safetensors' README (8-byte
 * little-endian header size, a JSON object of {@code {dtype, shape, data_offsets}} entries and an
 * optional {@code __metadata__} of strings, offsets relative to the data, contiguous and covering
 * it); files written byte by byte here, every message written out.
 */
class SafetensorsReaderTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        return Files.write(dir.resolve("f" + System.nanoTime() + ".safetensors"), SafetensorsBytes.of(header, dataBytes));
    }

    private static String error(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> SafetensorsReader.read(file)).getMessage();
    }

    @Test
    void aValidHeaderIsReadInDataOrderWithItsMetadata() throws IOException {
        Path file = file("{\"b\": {\"dtype\": \"F16\", \"shape\": [3], \"data_offsets\": [8, 14]}, \"__metadata__\": {\"format\": \"pt\", "
                + "\"n\": \"1\"}, \"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"z\": {\"dtype\": \"BOOL\", \"shape\": [0, 4], \"data_offsets\": [14, 14]}, "
                + "\"s\": {\"dtype\": \"I64\", \"shape\": [], \"data_offsets\": [14, 22]}}", 22);
        SafetensorsReader.Header header = SafetensorsReader.read(file);
        assertEquals(Map.of("format", "pt", "n", "1"), header.metadata());
        assertEquals(List.of(new SafetensorsReader.Entry("a", DType.FLOAT32, Shape.of(2)), new SafetensorsReader.Entry("b", DType.FLOAT16,
                Shape.of(3)), new SafetensorsReader.Entry("z", DType.BOOL, Shape.of(0, 4)), new SafetensorsReader.Entry("s", DType.INT64,
                Shape.of())), header.tensors(), "by data offset; an empty tensor before the one at the same offset");
        assertEquals(file, header.file());
        assertEquals(List.of(), SafetensorsReader.read(file("{}", 0)).tensors());
    }

    @Test
    void everyBrokenRuleIsNamed() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[7]);
        assertEquals(tiny + " is truncated: 7 bytes, fewer than the 8 of the header length", error(tiny));
        Path eight = dir.resolve("eight.safetensors");
        Files.write(eight, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0).array());
        assertEquals(eight + " has a header that is not a JSON object", error(eight), "a header of 0 bytes");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array());
        assertEquals(huge + " has a header of 100000001 bytes: the format allows at most 100 MB", error(huge));
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        assertEquals(huge + " has a header of 18446744073709551615 bytes: the format allows at most 100 MB", error(huge));
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_000L).array());
        assertEquals(huge + " is truncated: its header of 100000000 bytes runs past the end of the file (16 bytes)", error(huge),
                "exactly 100 MB is allowed");
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(5).array());
        assertEquals(cut + " is truncated: its header of 5 bytes runs past the end of the file (12 bytes)", error(cut));
        Files.write(cut, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put("{}  ".getBytes(StandardCharsets.UTF_8))
                .array());
        assertEquals(0, SafetensorsReader.read(cut).tensors().size(), "a header that ends at the end of the file");

        assertTrue(error(file("{\"a\": ", 0)).contains(" has a header that is not valid JSON: "));
        assertTrue(error(file("[1, 2]", 0)).endsWith(" has a header that is not a JSON object"));
        assertTrue(error(file("{\"__metadata__\": 3}", 0)).endsWith(" has __metadata__ that is not an object of strings"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"U32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4)).endsWith(
                " tensor 'a' has dtype 'U32': weightinit writes F32, F16, BF16, F64, I64, I32 and BOOL"));
        assertTrue(error(file("{\"a\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4)).endsWith(" tensor 'a' has dtype '': weightinit "
                + "writes F32, F16, BF16, F64, I64, I32 and BOOL"));
        for (String entry : new String[] {"{\"dtype\": \"F32\", \"data_offsets\": [0, 4]}", "{\"dtype\": \"F32\", \"shape\": [1]}",
            "{\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}", "{\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4, 8]}",
            "{\"dtype\": \"F32\", \"shape\": 1, \"data_offsets\": [0, 4]}"}) {
            assertTrue(error(file("{\"a\": " + entry + "}", 4)).endsWith(" tensor 'a' needs a shape list and two data_offsets"), entry);
        }
        for (String shape : new String[] {"[-1]", "[1.5]", "[\"1\"]", "[9223372036854775808]"}) {
            assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": " + shape + ", \"data_offsets\": [0, 4]}}", 4)).endsWith(
                    " tensor 'a' has shape " + shape + ": dimensions are integers from 0 to 2^63 - 1"), shape);
        }
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 4]}}", 4))
                .contains(" tensor 'a': "), "more than 2^63 - 1 elements");
        for (String offsets : new String[] {"[-1,4]", "[4,0]", "[0,18446744073709551616]", "[\"0\",4]"}) {
            String message = error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": " + offsets + "}}", 4));
            assertTrue(message.endsWith(" tensor 'a' has data_offsets " + offsets + ": expected [begin, end] with 0 <= begin <= end"), message);
        }
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4)).endsWith(
                " tensor 'a' of shape (2,) and dtype F32 needs 8 bytes, but its data_offsets [0,4] hold 4"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 12]}}", 12)).endsWith(
                " tensor 'b' of shape (2,) and dtype F32 needs 8 bytes, but its data_offsets [8,12] hold 4"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"F64\", \"shape\": [2305843009213693952], \"data_offsets\": [0, 8]}}", 8)).contains(
                " tensor 'a' of shape (2305843009213693952,) and dtype F64 needs "), "2^61 float64s: more than 2^63 - 1 bytes");
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8)).endsWith(
                " tensor 'a' starts at byte 4 of the data, where a gap of 4 bytes follows the previous tensor"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8)).endsWith(
                " tensor 'b' starts at byte 4 of the data, where the previous tensor overlaps it (it ends at 8)"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 6)).endsWith(
                " has 6 bytes of data but its tensors end at byte 4: bytes past the last tensor"));
        assertTrue(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 2)).endsWith(
                " has 2 bytes of data but its tensors end at byte 4: the file is truncated"));
        Path missing = dir.resolve("missing.safetensors");
        assertEquals("safetensors file " + missing + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> SafetensorsReader.read(missing)).getMessage());
    }
}
