package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.io.SafetensorsBytes;
import dev.weightinit.io.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CheckpointLayout}: a checkpoint's layout read from a folder, a file and a layout file, from
 * their headers alone, and bad checkpoints naming what is wrong. Safetensors files are written by
 * hand ({@link SafetensorsBytes}), their headers spelled out here.
 */
class CheckpointLayoutTest {
    @TempDir
    Path dir;

    private static double b(LikeRules.Choice choice) {
        return ((Number) choice.initializer().getConfig().get("b")).doubleValue();
    }

    private static String error(String rules) {
        return assertThrows(IllegalArgumentException.class, () -> LikeRules.of(rules)).getMessage();
    }

    @Test
    void foldersFilesAndLayoutFilesAreReadFromTheirHeaders() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("hf"));
        LayoutFiles.safetensors(folder.resolve("model-00001-of-00002.safetensors"), "{\"__metadata__\": {\"format\": \"pt\"}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 8);
        LayoutFiles.safetensors(folder.resolve("model-00002-of-00002.safetensors"), "{\"a\": {\"dtype\": \"BF16\", \"shape\": [2, 3], "
                + "\"data_offsets\": [0, 12]}}", 12);
        Files.writeString(folder.resolve(CheckpointLayout.INDEX), "{\"metadata\": {}, \"weight_map\": {\"a\": "
                + "\"model-00002-of-00002.safetensors\", \"b\": \"model-00001-of-00002.safetensors\"}}");
        Files.writeString(folder.resolve("config.json"), "{\"initializer_range\": 0.125}");
        Files.writeString(folder.resolve("tokenizer.json"), "{}");
        Files.writeString(folder.resolve(".hidden"), "x");
        // Two files of the copied kinds, one of exactly the size limit and one a byte over it.
        try (java.io.RandomAccessFile limit = new java.io.RandomAccessFile(folder.resolve("vocab.txt").toFile(), "rw");
             java.io.RandomAccessFile over = new java.io.RandomAccessFile(folder.resolve("merges.txt").toFile(), "rw")) {
            limit.setLength(CheckpointLayout.MAX_COPY_BYTES); // sparse: no data written
            over.setLength(CheckpointLayout.MAX_COPY_BYTES + 1);
        }
        Files.createDirectory(folder.resolve("sub"));
        CheckpointLayout read = CheckpointLayout.read(folder);
        assertTrue(read.folder());
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
                read.files().stream().map(CheckpointLayout.File::name).toList());
        assertEquals(List.of(new SafetensorsReader.Entry("b", DType.FLOAT32, Shape.of(2)), new SafetensorsReader.Entry("a", DType.BFLOAT16,
                Shape.of(2, 3))), read.tensors());
        assertEquals(Map.of("format", "pt"), read.files().get(0).metadata());
        assertEquals(0.125, read.initializerRange(0.02));
        assertEquals(List.of("config.json", "tokenizer.json", "vocab.txt"), read.copies().stream().map(p -> p.getFileName().toString()).toList(),
                "only the listed metadata files up to 64 MiB: no weights of any format, no index (the new one is written), no other file");
        assertEquals("hf: N(0, initializer_range 0.125)", LikeRules.of("hf").choose(read).get(1).rule());

        // The layout file round-trips what was read, without the copies.
        Path printed = dir.resolve("printed.json");
        Files.writeString(printed, read.toJson());
        CheckpointLayout again = CheckpointLayout.read(printed);
        assertEquals(read.tensors(), again.tensors());
        assertEquals(read.files(), again.files());
        assertTrue(again.folder());
        assertEquals(read.index(), again.index());
        assertEquals(read.config(), again.config());
        assertEquals(List.of(), again.copies());

        // One file: its own tensors, the config beside it.
        CheckpointLayout single = CheckpointLayout.read(folder.resolve("model-00001-of-00002.safetensors"));
        assertFalse(single.folder());
        assertEquals(0.125, single.initializerRange(0.02));
        assertNull(single.index());
        Path bare = Files.createDirectory(dir.resolve("bare"));
        LayoutFiles.safetensors(bare.resolve("model.safetensors"), "{\"w\": {\"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2);
        CheckpointLayout unsharded = CheckpointLayout.read(bare);
        assertEquals(List.of("model.safetensors"), unsharded.files().stream().map(CheckpointLayout.File::name).toList());
        assertEquals(0.5, unsharded.initializerRange(0.5), "no config.json: the fallback");
        Files.writeString(bare.resolve("config.json"), "{\"model_type\": \"llama\"}");
        assertEquals(0.5, CheckpointLayout.read(bare).initializerRange(0.5), "no initializer_range in config.json: the fallback");
        Files.writeString(bare.resolve("config.json"), "{\"initializer_range\": \"big\"}");
        assertEquals("config.json beside the checkpoint: config field initializer_range is \"big\": expected a number >= 0",
                assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.read(bare).initializerRange(0.02)).getMessage(),
                "not a number: an error naming the field, never a silent fallback");
    }

    @Test
    void badCheckpointsNameWhatIsWrong() throws IOException {
        assertEquals(dir.resolve("none") + " does not exist: expected a .safetensors file, a Hugging Face folder or a layout file",
                read(dir.resolve("none")));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(empty + " has neither " + CheckpointLayout.INDEX + " nor model.safetensors", read(empty));
        Path folder = Files.createDirectory(dir.resolve("f"));
        Path index = folder.resolve(CheckpointLayout.INDEX);
        Files.writeString(index, "{\"weight_map\": []}");
        assertEquals(index + " has no \"weight_map\" object", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\"}}");
        assertEquals(index + " names shard s1.safetensors (for tensor 'a'), which is missing from " + folder, read(folder));
        Files.createDirectory(folder.resolve("sub"));
        LayoutFiles.safetensors(folder.resolve("sub").resolve("s.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"sub/s.safetensors\"}}");
        assertEquals(index + " names a shard 'sub/s.safetensors' is not a plain file name: expected a name inside the folder, without / "
                + "or \\, not . or ..", read(folder), "a shard outside the folder");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"pytorch_model.bin\"}}");
        assertEquals(index + " names shard pytorch_model.bin, which is not a .safetensors file: --like reads safetensors headers only and "
                + "never copies weights", read(folder));
        LayoutFiles.safetensors(folder.resolve("s1.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        LayoutFiles.safetensors(folder.resolve("s2.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s1.safetensors\"}}");
        assertEquals(index + " puts tensor 'b' in s1.safetensors, which does not hold it", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"x\": \"s2.safetensors\"}}");
        assertEquals(index + " puts tensor 'x' in s2.safetensors, which does not hold it", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"a2\": \"s2.safetensors\"}}");
        assertTrue(read(folder).contains("puts tensor 'a2' in s2.safetensors"));
        LayoutFiles.safetensors(folder.resolve("s2.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, "
                + "\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"x\": \"s2.safetensors\"}}");
        assertEquals(folder + ": tensor 'a' is in two shards", read(folder));

        Path layout = dir.resolve("l.json");
        Files.writeString(layout, "{\"format\": \"weightinit-layout\", \"version\": 2, \"files\": []}");
        assertEquals("layout file " + layout + " is not a weightinit layout of version 1", read(layout));
        Files.writeString(layout, "{\"format\": \"other\", \"version\": 1, \"files\": []}");
        assertEquals("layout file " + layout + " is not a weightinit layout of version 1", read(layout));
        Files.writeString(layout, "{\"format\": \"weightinit-layout\", \"version\": 1, \"folder\": true, \"files\": []}");
        assertEquals("layout file " + layout + " has no files", read(layout));
        for (String tensor : new String[] {LayoutFiles.t("w", "U32", "[1]"), LayoutFiles.t("w", "F8", "[1]"), LayoutFiles.t("", "F32", "[1]"),
            "{\"name\": \"w\", \"dtype\": \"F32\", \"shape\": 3}"}) {
            Files.writeString(layout, "{\"format\": \"weightinit-layout\", \"version\": 1, \"files\": [{\"name\": \"m.safetensors\", "
                    + "\"tensors\": [" + tensor + "]}]}");
            assertTrue(read(layout).endsWith("needs a name, a known dtype and a shape"), tensor);
        }
    }

    private static String read(Path path) {
        return assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.read(path)).getMessage();
    }
}
