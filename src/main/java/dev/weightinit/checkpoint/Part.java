package dev.weightinit.checkpoint;

import java.io.Serial;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --part K/N}: one of N runs that write one folder together. Run K writes the shards
 * {@code i} (0-based) with {@code i mod N = K - 1}, and the same index and config as every other
 * part. Immutable.
 *
 * @param k this part, {@code 1 <= k <= n}
 * @param n the number of parts, at least 1
 */
public record Part(int k, int n) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})/([0-9]{1,9})");

    public Part {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("part '" + k + "/" + n + "' is not valid: expected K/N with 1 <= K <= N, such as 2/8");
        }
    }

    /**
     * @throws IllegalArgumentException naming the text and the form {@code K/N}
     */
    public static Part parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new IllegalArgumentException("part '" + text + "' is not valid: expected K/N with 1 <= K <= N, such as 2/8");
        }
        return new Part(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether this part writes shard {@code index} (0-based). */
    public boolean includes(int index) {
        return index % n == k - 1;
    }

    @Override
    public String toString() {
        return k + "/" + n;
    }
}
