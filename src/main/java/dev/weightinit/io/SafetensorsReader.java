package dev.weightinit.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a safetensors file, never its data, and checks it as the safetensors library
 * does: the 8-byte length within the file and at most 100 MB, valid JSON without repeated names,
 * known dtypes, offsets that tile the data area exactly (no overlap, no gap, nothing past its end)
 * and byte counts that match each shape. Every failure names the file and the tensor. Stateless.
 */
public final class SafetensorsReader {
    /** The format's header limit. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafetensorsReader() {
    }

    /** One tensor of a header, in file order (by offset). */
    public record Entry(String name, DType dtype, Shape shape) {
    }

    /**
     * A header: its {@code __metadata__} (empty when absent), tensors in data order, and the byte at
     * which the data starts (8 + the header's length; the tensors follow one another from there).
     */
    public record Header(Path file, Map<String, String> metadata, List<Entry> tensors, long dataStart) {
    }

    /**
     * @throws IllegalArgumentException naming the file (and tensor) when the header is not a valid safetensors header
     */
    public static Header read(Path file) {
        InputFiles.requireRegularFile(file, "safetensors file");
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size < 8) {
                throw bad(file, "is truncated: " + size + " bytes, fewer than the 8 of the header length");
            }
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            long n = length.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw bad(file, "has a header of " + Long.toUnsignedString(n) + " bytes: the format allows at most 100 MB");
            }
            if (n > size - 8) {
                throw bad(file, "is truncated: its header of " + n + " bytes runs past the end of the file (" + size + " bytes)");
            }
            ByteBuffer text = ByteBuffer.allocate((int) n);
            readFully(channel, text, 8);
            JsonNode root;
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(text.flip()).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw bad(file, "has a header that is not UTF-8 (as the safetensors library requires)");
            }
            try {
                root = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw bad(file, "has a header that is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "has a header that is not a JSON object");
            }
            return parse(file, root, 8 + n, size - 8 - n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Placed(Entry entry, long begin, long end) {
    }

    private static Header parse(Path file, JsonNode root, long dataStart, long dataBytes) {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Placed> placed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode info = field.getValue();
            if (name.equals("__metadata__")) {
                if (!info.isObject()) {
                    throw bad(file, "has __metadata__ that is not an object of strings");
                }
                info.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String at = "tensor '" + name + "'";
            DType dtype = dtype(file, at, info.path("dtype").asText(""));
            JsonNode dims = info.path("shape");
            JsonNode offsets = info.path("data_offsets");
            if (!dims.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw bad(file, at + " needs a shape list and two data_offsets");
            }
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!dims.get(i).canConvertToExactIntegral() || !dims.get(i).canConvertToLong() || dims.get(i).asLong() < 0) {
                    throw bad(file, at + " has shape " + dims + ": dimensions are integers from 0 to 2^63 - 1");
                }
                shape[i] = dims.get(i).asLong();
            }
            Shape parsed;
            try {
                parsed = Shape.of(shape);
            } catch (IllegalArgumentException e) {
                throw bad(file, at + ": " + e.getMessage());
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong() || begin < 0 || end < begin) {
                throw bad(file, at + " has data_offsets " + offsets + ": expected [begin, end] with 0 <= begin <= end");
            }
            if (parsed.elementCount() > Long.MAX_VALUE / dtype.bytes() || parsed.elementCount() * dtype.bytes() != end - begin) {
                throw bad(file, at + " of shape " + parsed + " and dtype " + dtype.safetensorsName() + " needs "
                        + parsed.elementCount() * dtype.bytes() + " bytes, but its data_offsets " + offsets + " hold " + (end - begin));
            }
            placed.add(new Placed(new Entry(name, dtype, parsed), begin, end));
        }
        placed.sort(Comparator.comparingLong(Placed::begin).thenComparingLong(Placed::end));
        long expected = 0;
        for (Placed p : placed) {
            if (p.begin() != expected) {
                throw bad(file, "tensor '" + p.entry().name() + "' starts at byte " + p.begin() + " of the data, where "
                        + (p.begin() < expected ? "the previous tensor overlaps it (it ends at " + expected + ")"
                        : "a gap of " + (p.begin() - expected) + " bytes follows the previous tensor"));
            }
            expected = p.end();
        }
        if (expected != dataBytes) {
            throw bad(file, "has " + dataBytes + " bytes of data but its tensors end at byte " + expected
                    + (expected > dataBytes ? ": the file is truncated" : ": bytes past the last tensor"));
        }
        return new Header(file, metadata, placed.stream().map(Placed::entry).toList(), dataStart);
    }

    private static DType dtype(Path file, String at, String name) {
        for (DType type : DType.values()) {
            if (type.safetensorsName().equals(name) && type != DType.UINT32) {
                return type;
            }
        }
        throw bad(file, at + " has dtype '" + name + "': weightinit writes F32, F16, BF16, F64, I64, I32 and BOOL");
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + " " + problem);
    }
}
