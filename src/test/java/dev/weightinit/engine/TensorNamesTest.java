package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Stream spec section 2: a tensor's stream is SHA-256 of its UTF-8 name, so a name must have a UTF-8
 * form: surrogates only in high-low pairs (UTF-16's rule); the first unpaired one is named by index
 * (the pinned stream ids of known names are in {@code PhiloxTest}).
 */
class TensorNamesTest {
    @Test
    void pairedSurrogatesAreNamesAndUnpairedOnesAreNamedByIndex() {
        StreamSpec.checkName("");
        StreamSpec.checkName("a\uD83D\uDE00b");
        StreamSpec.checkName("\uD83D\uDE00\uD83D\uDE00");
        assertEquals("tensor name has an unpaired surrogate \\ud800 at index 3: names must be valid Unicode", message("bad\uD800name"));
        assertEquals("tensor name has an unpaired surrogate \\ude00 at index 0: names must be valid Unicode", message("\uDE00"));
        assertEquals("tensor name has an unpaired surrogate \\ud83d at index 2: names must be valid Unicode", message("ab\uD83D"));
        assertEquals("tensor name has an unpaired surrogate \\ud83d at index 2: names must be valid Unicode", message("\uD83D\uDE00\uD83D"),
                "after a pair, a high surrogate at the end");
        assertEquals("tensor name has an unpaired surrogate \\ude00 at index 3: names must be valid Unicode", message("\uD83D\uDE00x\uDE00"));
        assertEquals("tensor name has an unpaired surrogate \\ud83d at index 0: names must be valid Unicode", message("\uD83D\uD83D\uDE00"),
                "two highs: the first is unpaired");
        assertEquals("tensorName is null: a tensor name must be a string",
                assertThrows(IllegalArgumentException.class, () -> StreamSpec.checkName(null)).getMessage());
        assertEquals("tensor name has an unpaired surrogate \\ud800 at index 0: names must be valid Unicode",
                assertThrows(IllegalArgumentException.class, () -> StreamSpec.streamOf("\uD800")).getMessage(), "streamOf checks");
    }

    private static String message(String name) {
        return assertThrows(IllegalArgumentException.class, () -> StreamSpec.checkName(name)).getMessage();
    }
}
