package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InitRequest#checkApplies}: each option that does not fit the source is refused with one line
 * naming the option, the source and why (a spec file, a preset, {@code --like} of a file and of a
 * folder, {@code --hf-config}); and {@link Part} and {@link FileNames#checkPlain} at their edges.
 */
class InitRequestTest {
    @TempDir
    Path dir;

    private String refusal(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--device";
        all[args.length + 2] = "cpu";
        CliRunner run = CliRunner.run(all);
        assertEquals(2, run.status(), String.join(" ", args) + ": " + run.out() + run.err());
        return run.err().strip();
    }

    @Test
    void optionsThatDoNotFitTheSourceAreRefusedSayingWhy() throws IOException {
        Path spec = Files.writeString(dir.resolve("s.json"), "{\"tensors\": [{\"name\": \"w\", \"shape\": [2], \"initializer\": \"zeros\"}]}");
        Path file = dir.resolve("a.safetensors");
        assertEquals(0, CliRunner.run("init", "--spec", spec.toString(), "--seed", "1", "--device", "cpu", "--progress", "none", "--out",
                file.toString()).status());
        Path config = Files.writeString(dir.resolve("llama.json"), "{\"model_type\": \"llama\", \"hidden_size\": 4, "
                + "\"intermediate_size\": 6, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"vocab_size\": 5}");
        Path folder = dir.resolve("folder");
        assertEquals(0, CliRunner.run("init", "--hf-config", config.toString(), "--seed", "1", "--max-shard-size", "96", "--device", "cpu",
                "--progress", "none", "--out", folder.toString()).status());
        String out = dir.resolve("out.safetensors").toString();
        String s = spec.toString();
        assertEquals("error: --rules does not apply to --preset mlp-small: rules choose initializers for --like and --hf-config",
                refusal("--preset", "mlp-small", "--rules", "torch", "--out", out));
        assertEquals("error: --rules does not apply to --spec " + s + ": rules choose initializers for --like and --hf-config",
                refusal("--spec", s, "--rules", "torch", "--out", out));
        assertEquals("error: --dtype does not apply to --like of a file: it keeps each tensor's dtype (a rules file can set one)",
                refusal("--like", file.toString(), "--dtype", "float16", "--out", out));
        assertEquals("error: --part does not apply to --like of a folder: parts are for --hf-config",
                refusal("--like", folder.toString(), "--rules", "torch", "--part", "1/2", "--seed", "1", "--out", dir.resolve("o").toString()));
        assertEquals("error: --part does not apply to --spec " + s + ": it writes one file",
                refusal("--spec", s, "--part", "1/2", "--seed", "1", "--out", out));
        assertEquals("error: --max-shard-size does not apply to --like of a file: it keeps the source's files",
                refusal("--like", file.toString(), "--max-shard-size", "1MB", "--out", out));
        assertEquals("error: --max-shard-size does not apply to --like of a folder: it keeps the source's files",
                refusal("--like", folder.toString(), "--rules", "torch", "--max-shard-size", "1MB", "--out", dir.resolve("o").toString()));
        assertEquals("error: --max-shard-size does not apply to --spec " + s + ": it writes one file",
                refusal("--spec", s, "--max-shard-size", "1MB", "--out", out));
        assertEquals("error: --overwrite does not apply to --spec " + s + ": it writes one file, replaced whole",
                refusal("--spec", s, "--overwrite", "--out", out));
        CliRunner fits = CliRunner.run("init", "--hf-config", config.toString(), "--rules", "torchtitan", "--overwrite", "--max-shard-size",
                "96", "--plan", "--out", dir.resolve("o").toString());
        assertEquals(0, fits.status(), "every option fits --hf-config: " + fits.err());
    }

    @Test
    void partsAreKOfNFromOneToN() {
        assertEquals(new Part(1, 1), Part.parse("1/1"));
        assertEquals(new Part(8, 8), Part.parse(" 8/8 "));
        for (String bad : new String[] {"0/2", "3/2", "1/0", "2", "-1/2", "1/2/3", "1234567890/1234567890", " 0/2", "3/2 "}) {
            assertEquals("part '" + bad + "' is not valid: expected K/N with 1 <= K <= N, such as 2/8",
                    assertThrows(IllegalArgumentException.class, () -> Part.parse(bad)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Part(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Part(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Part(1, 0));
        Part second = new Part(2, 3);
        assertEquals("2/3", second.toString());
        boolean[] expected = {false, true, false, false, true, false, false};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], second.includes(i), "shard " + i + ": i % 3 == 1");
        }
    }

    @Test
    void aPlainFileNameIsOneNameInsideTheFolder() {
        for (String good : new String[] {"a", "...", ".hidden", "model-00001-of-00002.safetensors", "a.b"}) {
            assertEquals(good, FileNames.checkPlain(good, "shard"));
        }
        for (String bad : new String[] {"", ".", "..", "a/b", "a\\b", "/abs", "\\lead", "\0first", "nul\0byte"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> FileNames.checkPlain(bad, "shard")).getMessage();
            assertEquals("shard '" + bad + "' is not a plain file name: expected a name inside the folder, without / or \\, not . or ..",
                    message);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FileNames.checkPlain(null, "shard")).getMessage().startsWith("shard 'null'"));
    }

    /**
     * {@code --rules} applies to {@code --like} of a file or a folder and to a config (a shipped one
     * named by {@code --preset} too), whose plan checks the rule set's name; not to a spec or a built-in preset.
     */
    @Test
    void rulesApplyToLikeAndToConfigs() {
        java.util.Set<String> given = java.util.Set.of("--rules");
        for (InitRequest.Source source : new InitRequest.Source[] {new InitRequest.Source(InitRequest.Kind.LIKE, "a.safetensors"),
            new InitRequest.Source(InitRequest.Kind.HF_CONFIG, "c.json"), new InitRequest.Source(InitRequest.Kind.PRESET, "gpt2")}) {
            InitRequest request = new InitRequest(source, "o", 1L, null, 96, null, false, "torch", false, "cpu", 8, given);
            request.checkApplies(true);
            request.checkApplies(source.kind() != InitRequest.Kind.LIKE);
        }
        InitRequest preset = new InitRequest(new InitRequest.Source(InitRequest.Kind.PRESET, "mlp-small"), "o", 1L, null, 96, null, false,
                "torch", false, "cpu", 8, given);
        assertEquals("--rules does not apply to --preset mlp-small: rules choose initializers for --like and --hf-config",
                assertThrows(IllegalArgumentException.class, () -> preset.checkApplies(false)).getMessage());
    }
}
