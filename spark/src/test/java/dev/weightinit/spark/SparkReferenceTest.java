package dev.weightinit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docs/reference/spark.md} is {@link SparkReference#markdown()}, and the table it shows is the one the parser reads. */
class SparkReferenceTest {
    private static final Path REFERENCE = Path.of("../docs/reference/spark.md");

    @Test
    void theCommittedReferenceIsTheParsersTable() throws Exception {
        String generated = SparkReference.markdown();
        if (Boolean.getBoolean("weightinit.reference.write")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(REFERENCE, StandardCharsets.UTF_8),
                "docs/reference/spark.md is stale: regenerate it with mvn -B test -pl spark -am -Dtest=SparkReferenceTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dweightinit.reference.write=true");
    }

    /** Every option the reference lists is one the parser knows: refused ones with their own message, never "Unknown option". */
    @Test
    void everyListedOptionIsKnownToTheParser() {
        for (SparkArguments.Option option : SparkArguments.OPTIONS) {
            if (option.name().equals("--master") || option.name().equals("--help")) {
                continue;
            }
            List<String> args = option.label() == null
                    ? List.of("init", "--hf-config", "gpt2", "--out", "x", option.name())
                    : List.of("init", "--hf-config", "gpt2", "--out", "x", option.name(), sample(option.name()));
            try {
                SparkArguments.parse(args);
            } catch (IllegalArgumentException e) {
                assertTrue(!e.getMessage().startsWith("Unknown option"), option.name() + ": " + e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SparkArguments.parse(List.of("init", "--hf-config", "gpt2", "--out", "x",
                "--not-listed")));
        assertTrue(SparkArguments.parse(List.of("--master", "local[1]", "init", "--help")).help());
    }

    private static String sample(String name) {
        return switch (name) {
            case "--seed" -> "1";
            case "--dtype" -> "bfloat16";
            case "--max-shard-size" -> "1GB";
            case "--chunk-mib" -> "8";
            case "--part" -> "1/2";
            default -> "x";
        };
    }
}
