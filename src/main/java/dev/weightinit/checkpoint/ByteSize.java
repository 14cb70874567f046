package dev.weightinit.checkpoint;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as {@code --max-shard-size} takes them: bytes, or a number with a unit as huggingface_hub
 * parses it (decimal KB, MB, GB, TB; binary KiB, MiB, GiB, TiB). Thread-safe: stateless.
 */
public final class ByteSize {
    private static final Pattern FORM = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]i?B)?\\s*", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /**
     * @return the size in bytes, at least 1
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: expected bytes or a size like 5GB, 500MB "
                    + "or 2GiB");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        if (unit.isEmpty() && m.group(1).contains(".")) {
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: a size without a unit is a whole number "
                    + "of bytes; give a unit (1.5GB) or an integer");
        }
        if (unit.isEmpty()) {
            long bytes;
            try {
                bytes = Long.parseLong(m.group(1)); // exact: no rounding through a double
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("max shard size '" + text + "' is not valid: at most 2^63 - 1 bytes");
            }
            if (bytes < 1) {
                throw new IllegalArgumentException("max shard size '" + text + "' is not valid: expected at least 1 byte");
            }
            return bytes;
        }
        double factor = switch (unit) {
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KIB" -> 0x1p10;
            case "MIB" -> 0x1p20;
            case "GIB" -> 0x1p30;
            case "TIB" -> 0x1p40;
            default -> 1;
        };
        double bytes = value * factor;
        if (!(bytes >= 1)) {
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: expected at least 1 byte");
        }
        if (bytes >= 0x1p63) { // (double) Long.MAX_VALUE is 2^63 itself, which a long cannot hold
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: at most 2^63 - 1 bytes");
        }
        return (long) bytes;
    }
}
