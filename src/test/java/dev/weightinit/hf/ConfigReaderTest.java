package dev.weightinit.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ConfigReader}: absent and {@code null} fields take the fallback; anything else of the wrong type is refused by name. */
class ConfigReaderTest {
    private static ConfigReader config(String json) {
        return ConfigReader.parse(json.getBytes(StandardCharsets.UTF_8), "c.json");
    }

    private static String error(Runnable read) {
        return assertThrows(IllegalArgumentException.class, read::run).getMessage();
    }

    @Test
    void absentAndNullFieldsTakeTheFallback() {
        ConfigReader c = config("{\"a\": null}");
        assertTrue(c.flag("a", true));
        assertTrue(c.flag("missing", true));
        assertFalse(c.flag("missing", false));
        assertEquals("fallback", c.text("a", "fallback"));
        assertEquals("fallback", c.text("missing", "fallback"));
        assertNull(c.optionalInteger("a"));
        assertEquals(9, c.positive("missing", 9));
    }

    @Test
    void presentFieldsAreRead() {
        ConfigReader c = config("{\"f\": false, \"t\": \"llama\", \"i\": -3, \"p\": 5}");
        assertFalse(c.flag("f", true));
        assertEquals("llama", c.text("t", "x"));
        assertEquals(-3L, c.optionalInteger("i"));
        assertEquals(5, c.positive("p", 9));
    }

    @Test
    void wrongTypesAreRefusedByName() {
        ConfigReader c = config("{\"flag\": \"true\", \"text\": 3, \"int\": 1.5, \"big\": 18446744073709551616}");
        assertEquals("c.json: config field flag is \"true\": expected true or false", error(() -> c.flag("flag", false)));
        assertEquals("c.json: config field text is 3: expected a string", error(() -> c.text("text", "x")));
        assertEquals("c.json: config field int is 1.5: expected an integer of 64 bits, or null", error(() -> c.optionalInteger("int")));
        assertEquals("c.json: config field big is 18446744073709551616: expected an integer of 64 bits, or null",
                error(() -> c.optionalInteger("big")));
    }

    /** Values up to 60 characters are quoted whole; longer ones are cut to 60 and marked. */
    @Test
    void longValuesAreAbbreviatedPastSixtyCharacters() {
        String sixty = "\"" + "x".repeat(58) + "\"";
        String sixtyOne = "\"" + "x".repeat(59) + "\"";
        ConfigReader c = config("{\"a\": " + sixty + ", \"b\": " + sixtyOne + "}");
        assertEquals("c.json: config field a is " + sixty + ": expected a positive integer of at most 2^63 - 1", error(() -> c.positive("a")));
        assertEquals("c.json: config field b is " + sixtyOne.substring(0, 60) + "...: expected a positive integer of at most 2^63 - 1",
                error(() -> c.positive("b")));
    }

    @Test
    void onlyAnObjectIsAConfig() throws Exception {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode array = json.readTree("[1]");
        assertEquals("config layout.json is not a JSON object", error(() -> ConfigReader.of(array, "layout.json")));
        assertEquals("config layout.json is not a JSON object", error(() -> ConfigReader.of(null, "layout.json")));
        assertEquals("config c.json is not a JSON object", error(() -> config("[]")));
        assertEquals(4, ConfigReader.of(json.readTree("{\"n\": 4}"), "layout.json").positive("n"));
    }
}
