package dev.weightinit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --sizes} syntax: a comma-separated list of element counts, each a number with an
 * optional binary suffix ({@code 1536}, {@code 64K}, {@code 16M}, {@code 1G}: ×2^10, ×2^20,
 * ×2^30), or a geometric range {@code A..B} of the powers-of-two multiples {@code A, 2A, 4A, ...}
 * up to {@code B}. Thread-safe: stateless.
 */
final class BenchSizes {
    private BenchSizes() {
    }

    /**
     * @throws IllegalArgumentException naming the bad item and the syntax
     */
    static List<Long> parse(String text) {
        List<Long> sizes = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.contains("..")) {
                String[] ends = item.split("\\.\\.", -1);
                if (ends.length != 2) {
                    throw bad(item);
                }
                long from = number(ends[0], item);
                long to = number(ends[1], item);
                if (from > to) {
                    throw new IllegalArgumentException("size range '" + item + "' runs backwards: expected A..B with A <= B");
                }
                for (long size = from; size <= to && size > 0; size = size > Long.MAX_VALUE / 2 ? -1 : size * 2) {
                    sizes.add(size);
                }
            } else {
                sizes.add(number(item, item));
            }
        }
        return List.copyOf(sizes);
    }

    private static long number(String text, String item) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw bad(item);
        }
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("[0-9]{1,18}")) {
            throw bad(item);
        }
        long value = Long.parseLong(digits);
        if (value > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("size '" + item + "' is more than 2^63 - 1 elements");
        }
        value <<= shift;
        if (value < 1) {
            throw new IllegalArgumentException("size '" + item + "' is not valid: sizes are element counts of at least 1");
        }
        return value;
    }

    private static IllegalArgumentException bad(String item) {
        return new IllegalArgumentException("size '" + item + "' is not valid: expected element counts like 1048576, 64K, 16M or 1G, "
                + "or a range like 1M..1G (powers of two apart), separated by commas");
    }
}
