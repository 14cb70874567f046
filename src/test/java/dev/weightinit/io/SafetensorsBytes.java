package dev.weightinit.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Safetensors files written by hand, for tests of what reads them: the format's layout from
 * huggingface/safetensors' README (an 8-byte little-endian header size, the JSON header, then the
 * data), the header as given, the data zeros. Independent of the writers under test.
 */
public final class SafetensorsBytes {
    private SafetensorsBytes() {
    }

    /** The bytes of a file with header {@code headerJson} and {@code dataBytes} zero bytes of data. */
    public static byte[] of(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return bytes.array();
    }
}
