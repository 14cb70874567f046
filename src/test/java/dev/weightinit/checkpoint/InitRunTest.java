package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InitRun#run} from Java, the call the Spark job and other programs make: each kind of source
 * goes to its writer and comes back as an {@link InitResult} with the counts worked out by hand
 * (a spec of 6 x 4 + 6 float32 values; a Llama config of 188 bfloat16 parameters in 5 shards of 96 B).
 */
class InitRunTest {
    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 4, \"intermediate_size\": 6, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"vocab_size\": 5, \"torch_dtype\": \"bfloat16\"}";

    @TempDir
    Path dir;

    private final CapturedRun captured = new CapturedRun();

    private RunOutput output() {
        return captured.output(false);
    }

    private static InitRequest request(InitRequest.Kind kind, String value, String out, boolean plan) {
        return new InitRequest(new InitRequest.Source(kind, value), out, 4L, null, 96, null, false, "hf", plan, "cpu", 8);
    }

    @Test
    void aSpecFileIsWrittenAndCounted() throws IOException {
        Path spec = Files.writeString(dir.resolve("s.json"), "{\"tensors\": [{\"name\": \"w\", \"shape\": [6, 4], \"initializer\": "
                + "\"glorot_uniform\"}, {\"name\": \"b\", \"shape\": [6], \"initializer\": \"zeros\"}]}");
        String file = dir.resolve("m.safetensors").toString();
        InitResult plan = InitRun.run(request(InitRequest.Kind.SPEC, spec.toString(), file, true), output());
        assertTrue(plan.planOnly());
        assertEquals(30, plan.parameters());
        assertEquals(120, plan.bytes(), "30 float32 values");
        assertEquals(List.of(new InitResult.File(file, 2, 120, false)), plan.files());
        assertFalse(Files.exists(Path.of(file)));
        InitResult written = InitRun.run(request(InitRequest.Kind.SPEC, spec.toString(), file, false), output());
        assertFalse(written.planOnly());
        assertEquals(List.of(new InitResult.File(file, 2, 120, true)), written.files());
        assertEquals(4L, written.seed());
        assertTrue(Files.size(Path.of(file)) > 120);
    }

    @Test
    void aConfigAndALayoutGoToTheirFolderWriters() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), LLAMA);
        String folder = dir.resolve("llama").toString();
        InitResult hf = InitRun.run(request(InitRequest.Kind.HF_CONFIG, config.toString(), folder, false), output());
        assertEquals(188, hf.parameters());
        assertEquals(376, hf.bytes());
        assertEquals(12, hf.tensors());
        assertEquals(5, hf.files().size(), "96 B shards");
        assertTrue(hf.files().stream().allMatch(InitResult.File::written));
        assertEquals("model-00002-of-00005.safetensors", hf.files().get(1).name());

        InitRequest like = new InitRequest(new InitRequest.Source(InitRequest.Kind.LIKE, folder), dir.resolve("like").toString(), 4L, null,
                ByteSize.parse(InitRequest.DEFAULT_MAX_SHARD_SIZE), null, false, "torch", true, "cpu", 8);
        InitResult plan = InitRun.run(like, output());
        assertTrue(plan.planOnly());
        assertEquals(188, plan.parameters());
        assertEquals(12, plan.tensors());
        assertEquals(hf.files().stream().map(f -> new InitResult.File(f.name(), f.tensors(), f.bytes(), false)).toList(), plan.files(),
                "the same files, not written");
    }
}
