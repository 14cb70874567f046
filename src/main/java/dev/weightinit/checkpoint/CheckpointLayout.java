package dev.weightinit.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.io.JsonFiles;
import dev.weightinit.io.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout of a checkpoint, read from its safetensors headers only (never the data): its files
 * (one, or the shards a Hugging Face folder's {@code model.safetensors.index.json} names), each
 * file's tensors in order with dtype and shape, the index, the {@code config.json} beside it, and
 * the other small files of the folder. Read from a {@code .safetensors} file, a folder, or a
 * layout file that {@code weightinit layout} wrote. Immutable.
 *
 * @param files      the safetensors files, in index order
 * @param folder     whether the checkpoint is a folder (written as one)
 * @param index      the index JSON, or {@code null}
 * @param config     the {@code config.json} beside the checkpoint, or {@code null}
 * @param copies     the small files of the source folder to copy ({@link #COPIED}; none from a layout file)
 */
public record CheckpointLayout(List<File> files, boolean folder, JsonNode index, JsonNode config, List<Path> copies) {
    /** The index file of a sharded Hugging Face folder. */
    public static final String INDEX = "model.safetensors.index.json";
    /** Files of a folder bigger than this are not copied (they are data, not configuration). */
    public static final long MAX_COPY_BYTES = 64L << 20;
    /**
     * The small files {@code --like} copies from a source folder, and no others: the model's config and
     * generation config, and the tokenizer's and processor's files. Never weights, in any format.
     */
    public static final Set<String> COPIED = Set.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.json", "vocab.txt", "merges.txt", "tokenizer.model", "spiece.model",
            "sentencepiece.bpe.model", "preprocessor_config.json", "processor_config.json", "chat_template.jinja", "chat_template.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One safetensors file. */
    public record File(String name, Map<String, String> metadata, List<SafetensorsReader.Entry> tensors) {
    }

    /** Every tensor of every file, in order. */
    public List<SafetensorsReader.Entry> tensors() {
        return files.stream().flatMap(f -> f.tensors().stream()).toList();
    }

    /**
     * @throws IllegalArgumentException naming the file (and tensor) for a bad header, index or layout file
     */
    public static CheckpointLayout read(Path path) {
        if (Files.isDirectory(path)) {
            return readFolder(path);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + " does not exist: expected a .safetensors file, a Hugging Face folder or a "
                    + "layout file");
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return fromJson(JsonFiles.read(path, "layout file", JSON, JsonNode.class), path);
        }
        SafetensorsReader.Header header = SafetensorsReader.read(path);
        return new CheckpointLayout(List.of(new File(path.getFileName().toString(), header.metadata(), header.tensors())), false,
                null, config(path.toAbsolutePath().getParent()), List.of());
    }

    private static CheckpointLayout readFolder(Path folder) {
        Path index = folder.resolve(INDEX);
        List<File> files = new ArrayList<>();
        JsonNode indexJson = null;
        if (Files.isRegularFile(index)) {
            indexJson = JsonFiles.read(index, "index", JSON, JsonNode.class);
            JsonNode map = indexJson.path("weight_map");
            if (!map.isObject()) {
                throw new IllegalArgumentException(index + " has no \"weight_map\" object");
            }
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byFile.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
            }
            for (String name : new java.util.TreeSet<>(byFile.keySet())) {
                FileNames.checkPlain(name, index + " names a shard");
                if (!name.endsWith(".safetensors")) {
                    throw new IllegalArgumentException(index + " names shard " + name + ", which is not a .safetensors file: --like reads "
                            + "safetensors headers only and never copies weights");
                }
                Path shard = folder.resolve(name);
                if (!Files.isRegularFile(shard)) {
                    throw new IllegalArgumentException(index + " names shard " + name + " (for tensor '" + byFile.get(name).get(0)
                            + "'), which is missing from " + folder);
                }
                SafetensorsReader.Header header = SafetensorsReader.read(shard);
                Set<String> inShard = new HashSet<>();
                header.tensors().forEach(t -> inShard.add(t.name()));
                for (String tensor : byFile.get(name)) {
                    if (!inShard.contains(tensor)) {
                        throw new IllegalArgumentException(index + " puts tensor '" + tensor + "' in " + name + ", which does not hold it");
                    }
                }
                files.add(new File(name, header.metadata(), header.tensors()));
            }
        } else if (Files.isRegularFile(folder.resolve("model.safetensors"))) {
            SafetensorsReader.Header header = SafetensorsReader.read(folder.resolve("model.safetensors"));
            files.add(new File("model.safetensors", header.metadata(), header.tensors()));
        } else {
            throw new IllegalArgumentException(folder + " has neither " + INDEX + " nor model.safetensors");
        }
        Set<String> names = new HashSet<>();
        for (File file : files) {
            for (SafetensorsReader.Entry tensor : file.tensors()) {
                if (!names.add(tensor.name())) {
                    throw new IllegalArgumentException(folder + ": tensor '" + tensor.name() + "' is in two shards");
                }
            }
        }
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (COPIED.contains(name) && Files.isRegularFile(p) && Files.size(p) <= MAX_COPY_BYTES) {
                    copies.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return new CheckpointLayout(List.copyOf(files), true, indexJson, config(folder), List.copyOf(copies));
    }

    private static JsonNode config(Path folder) {
        Path config = folder.resolve("config.json");
        return Files.isRegularFile(config) ? JsonFiles.read(config, "config", JSON, JsonNode.class) : null;
    }

    /** The {@code initializer_range} of the config beside the checkpoint, or {@code fallback}. */
    public double initializerRange(double fallback) {
        return config == null || config.path("initializer_range").isMissingNode() ? fallback
                : dev.weightinit.hf.ConfigReader.of(config, "config.json beside the checkpoint").initializerRange();
    }

    /** The layout file {@code weightinit layout} prints: headers, index and config, no data. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "weightinit-layout");
        root.put("version", 1);
        root.put("folder", folder);
        ArrayNode array = root.putArray("files");
        for (File file : files) {
            ObjectNode f = array.addObject();
            f.put("name", file.name());
            f.set("metadata", JSON.valueToTree(file.metadata()));
            ArrayNode tensors = f.putArray("tensors");
            for (SafetensorsReader.Entry t : file.tensors()) {
                ObjectNode node = tensors.addObject();
                node.put("name", t.name());
                node.put("dtype", t.dtype().safetensorsName());
                ArrayNode shape = node.putArray("shape");
                for (long d : t.shape().dims()) {
                    shape.add(d);
                }
            }
        }
        root.set("index", index);
        root.set("config", config);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CheckpointLayout fromJson(JsonNode root, Path file) {
        if (!"weightinit-layout".equals(root.path("format").asText()) || root.path("version").asInt() != 1) {
            throw new IllegalArgumentException("layout file " + file + " is not a weightinit layout of version 1");
        }
        List<File> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            List<SafetensorsReader.Entry> tensors = new ArrayList<>();
            for (JsonNode t : f.path("tensors")) {
                String name = t.path("name").asText();
                DType dtype = null;
                for (DType type : DType.values()) {
                    if (type.safetensorsName().equals(t.path("dtype").asText()) && type != DType.UINT32) {
                        dtype = type;
                    }
                }
                if (dtype == null || name.isEmpty() || !t.path("shape").isArray()) {
                    throw new IllegalArgumentException("layout file " + file + ": tensor '" + name + "' needs a name, a known dtype and a shape");
                }
                long[] dims = new long[t.get("shape").size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = t.get("shape").get(i).asLong();
                }
                tensors.add(new SafetensorsReader.Entry(name, dtype, Shape.of(dims)));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            f.path("metadata").fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            String name = FileNames.checkPlain(f.path("name").asText(), "layout file " + file + ": files[" + files.size() + "].name");
            if (files.stream().anyMatch(other -> other.name().equals(name))) {
                throw new IllegalArgumentException("layout file " + file + ": two files are named '" + name + "'");
            }
            files.add(new File(name, metadata, List.copyOf(tensors)));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("layout file " + file + " has no files");
        }
        if (!root.path("folder").asBoolean() && files.size() != 1) {
            throw new IllegalArgumentException("layout file " + file + " has \"folder\": false and " + files.size() + " files: one file "
                    + "holds one model; a model of several files is a folder");
        }
        JsonNode index = root.path("index").isObject() ? root.get("index") : null;
        JsonNode config = root.path("config").isObject() ? root.get("config") : null;
        return new CheckpointLayout(List.copyOf(files), root.path("folder").asBoolean(), index, config, List.of());
    }
}
