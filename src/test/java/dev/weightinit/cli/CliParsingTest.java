package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI's value syntaxes, with every expected value written out: {@code --seed} and {@code --dtype}.
 */
class CliParsingTest {
    @Test
    void seedsAreTheir64BitsFromEitherSignedOrUnsignedText() {
        CommonOptions.SeedConverter seeds = new CommonOptions.SeedConverter();
        assertEquals(0L, seeds.convert("0"));
        assertEquals(-1L, seeds.convert("18446744073709551615"), "2^64 - 1");
        assertEquals(Long.MIN_VALUE, seeds.convert("9223372036854775808"), "2^63");
        assertEquals(Long.MIN_VALUE, seeds.convert("-9223372036854775808"), "-2^63");
        assertEquals(Long.MAX_VALUE, seeds.convert("9223372036854775807"));
        assertEquals(-5L, seeds.convert("-5"));
        for (String bad : new String[] {"18446744073709551616", "-9223372036854775809", "seven", "1.5"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class, () -> seeds.convert(bad), bad);
            assertTrue(e.getMessage().startsWith("seed '" + bad + "' is not valid: expected "), e.getMessage());
        }
    }

    @Test
    void dtypesOfferedAreExactlyTheOutputTypes() {
        assertEquals(DType.FLOAT32, DType.parseOutput("float32"));
        assertEquals(DType.FLOAT16, DType.parseOutput("float16"));
        assertEquals(DType.BFLOAT16, DType.parseOutput("bfloat16"));
        assertEquals(DType.FLOAT64, DType.parseOutput("float64"));
        String allowed = "expected float32, float16, bfloat16, float64, or for constant buffers int64, int32 or bool";
        assertEquals("dtype 'uint32' is not an output type: " + allowed, message(() -> DType.parseOutput("uint32")));
        assertEquals("dtype 'float8' is not supported: " + allowed, message(() -> DType.parseOutput("float8")));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
