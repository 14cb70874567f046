package dev.weightinit.checkpoint;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.engine.DType;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.hf.HfConfigs;
import dev.weightinit.hf.HfFolderPlan;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.Format;
import dev.weightinit.io.SafetensorsFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code init --hf-config}: a Hugging Face model folder from a {@code config.json} (or a shipped
 * one by name), as {@link HfFolderPlan} plans it: the shards, then {@code config.json} and the
 * index. {@code --part K/N} writes only its shares of the shards ({@link Part}) and the identical
 * index and config, so N hosts write one folder together; the Spark job writes each shard through
 * {@link #writeShard}. Each tensor's values depend only on seed, name, shape, dtype and
 * initializer, never on the shard split. Not thread-safe; one run per instance.
 */
public final class HfFolderWriter {
    private final InitRequest request;
    private final RunOutput output;

    HfFolderWriter(InitRequest request, RunOutput output) {
        this.request = request;
        this.output = output;
    }

    /**
     * The plan of a request whose source is a Hugging Face config ({@link InitRequest.Source#hfConfig}):
     * the request's dtype, else the config's {@code torch_dtype}, else float32.
     *
     * @throws IllegalArgumentException for a source that is not a config, or a bad config
     */
    public static HfFolderPlan plan(InitRequest request, ModelSeed seed) throws IOException {
        String config = request.source().hfConfig();
        if (config == null) {
            throw new IllegalArgumentException("this writes Hugging Face folders: expected --hf-config CONFIG.json|NAME or --preset "
                    + "with a shipped config " + HfConfigs.SHIPPED + ", not " + request.source());
        }
        byte[] bytes = HfConfigs.read(config);
        ConfigReader reader = ConfigReader.parse(bytes, config);
        DType dtype = request.dtype() != null ? request.dtype() : reader.dtype() != null ? reader.dtype() : DType.FLOAT32;
        return new HfFolderPlan(bytes, config, dtype, seed.value(), request.maxShardBytes(), request.rules());
    }

    /**
     * Writes shard {@code index} of {@code plan} whole into {@code channel} from position 0 (header,
     * then values), on a backend opened for this call by {@code device}: the same bytes on every host
     * and device that reproduces the stream spec. The channel is neither forced nor closed.
     *
     * @param warnings receives the backend's warnings (a device that was asked for and is missing)
     * @return the bytes written
     */
    public static long writeShard(HfFolderPlan plan, int index, FileChannel channel, String device, int chunkMib,
            Consumer<String> warnings) throws IOException {
        return writeShard(plan, index, channel, device, Runtime.getRuntime().availableProcessors(), chunkMib, warnings);
    }

    /**
     * {@link #writeShard(HfFolderPlan, int, FileChannel, String, int, Consumer)} where the Java
     * fallback, if it is the device, runs {@code cpuThreads} threads (a Spark task's allotment).
     */
    public static long writeShard(HfFolderPlan plan, int index, FileChannel channel, String device, int cpuThreads, int chunkMib,
            Consumer<String> warnings) throws IOException {
        HfFolderPlan.Shard shard = plan.shards().get(index);
        try (Backend backend = Devices.open(device, cpuThreads, warnings)) {
            SafetensorsFile.write(channel, shard.entries(), plan.metadata(shard), shard.jobs(), backend, chunkMib, (b, d, j) -> { });
        }
        return channel.position();
    }

    InitResult run() throws IOException {
        ModelSeed seed = ModelSeed.of(request.seed());
        HfFolderPlan plan = plan(request, seed);
        request.checkApplies(true);
        if (request.planOnly()) {
            plan.describe().forEach(output.out()::println);
            return result(plan, seed, true, List.of(), null, null, 0);
        }
        Path out = Path.of(request.out());
        Part part = request.part();
        boolean created = OutputFolder.prepare(out, "--hf-config", request.overwrite(), part != null);
        List<String> names = new ArrayList<>(plan.shards().stream().map(HfFolderPlan.Shard::file).toList());
        names.add("config.json");
        byte[] index = plan.index();
        if (index != null) {
            names.add(FolderCommit.INDEX);
        }
        if (part != null) {
            checkSameModel(out, plan, index);
        }
        long started = System.nanoTime();
        List<String> written = new ArrayList<>();
        String device;
        String certified;
        List<HfFolderPlan.Shard> shards = plan.shards();
        FolderLock taken = FolderLock.take(out, part, created);
        boolean done = false;
        try (FolderLock lock = taken;
             FolderCommit folder = new FolderCommit(out, names, request.overwrite(), part != null, output.err()::println);
             Backend backend = Devices.open(request.device(), warning -> output.err().println("warning: " + warning))) {
            device = backend.description();
            certified = backend.certification();
            for (int i = 0; i < shards.size(); i++) {
                if (part != null && !part.includes(i)) {
                    continue;
                }
                HfFolderPlan.Shard shard = shards.get(i);
                AtomicOutputFile file = folder.stage(shard.file());
                SafetensorsFile.write(file, shard.entries(), plan.metadata(shard), shard.jobs(), backend, request.chunkMib(),
                        (b, d, j) -> { }, output.stages());
                written.add(shard.file());
                output.err().println("init: wrote " + out.resolve(shard.file()));
            }
            folder.stage("config.json", plan.config());
            if (index != null) {
                folder.stage(FolderCommit.INDEX, index);
            }
            folder.commit(index != null ? FolderCommit.INDEX : "model.safetensors");
            done = true;
        } finally {
            if (!done) {
                taken.removeFolderIfEmptyAndNew(); // after the lock file and the partial files are gone
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        output.out().printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d shard%s (%s written by this run%s), %s, "
                        + "device %s (certified: %s), seed %d -> %s%n", plan.parameters(), Format.bytes(plan.totalBytes()), plan.tensorCount(),
                shards.size(), shards.size() == 1 ? "" : "s", written.size() == shards.size() ? "all" : String.join(", ", written),
                part == null ? "" : ", part " + part, Format.duration(seconds), device, certified, plan.seed(), out);
        if (seed.drawn()) {
            output.err().println(seed.reproduceHint("this file"));
        }
        return result(plan, seed, false, written, device, certified, seconds);
    }

    /**
     * Refuses a part whose model differs from what the folder already holds: the index's run record,
     * or the record of any shard there, compared field by field with this part's plan.
     *
     * @throws IllegalArgumentException naming the first field that differs
     */
    static void checkSameModel(Path out, HfFolderPlan plan, byte[] index) throws IOException {
        java.util.Map<String, String> mine = new java.util.LinkedHashMap<>(plan.metadata(plan.shards().get(0)));
        mine.remove("initializers");
        mine.remove("tensor_initializers");
        Path existing = out.resolve(FolderCommit.INDEX);
        if (Files.isRegularFile(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] expected = index != null ? index : new byte[0];
            com.fasterxml.jackson.databind.JsonNode theirs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(existing.toFile())
                    .path("metadata");
            com.fasterxml.jackson.databind.JsonNode ours = new com.fasterxml.jackson.databind.ObjectMapper().readTree(expected)
                    .path("metadata");
            for (String field : new String[] {"generator", "stream_spec", "seed", "dtype", "max_shard_size", "config_sha256", "rules",
                "total_size", "total_parameters"}) {
                if (!theirs.path(field).asText().equals(ours.path(field).asText())) {
                    throw differs(out, field, theirs.path(field).asText(), ours.path(field).asText());
                }
            }
        }
        try (java.util.stream.Stream<Path> entries = Files.list(out)) {
            for (Path shard : entries.filter(p -> p.getFileName().toString().matches("model-[0-9]+-of-[0-9]+\\.safetensors")
                    && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                java.util.Map<String, String> theirs = dev.weightinit.io.SafetensorsReader.read(shard).metadata();
                if (!plan.shards().stream().anyMatch(s -> s.file().equals(shard.getFileName().toString()))) {
                    throw differs(out, "shard count", shard.getFileName().toString(), plan.shardCount() + " shards");
                }
                for (java.util.Map.Entry<String, String> field : mine.entrySet()) {
                    if (!field.getValue().equals(theirs.get(field.getKey()))) {
                        throw differs(out, field.getKey(), theirs.get(field.getKey()), field.getValue());
                    }
                }
            }
        }
    }

    private static IllegalArgumentException differs(Path out, String field, String theirs, String ours) {
        return new IllegalArgumentException(out + " holds parts of another model: its " + field + " is " + theirs + ", this part's is "
                + ours + "; every part needs the same config, --seed, --dtype and --max-shard-size");
    }

    private InitResult result(HfFolderPlan plan, ModelSeed seed, boolean planOnly, List<String> written, String device,
                              String certified, double seconds) {
        List<InitResult.File> files = plan.shards().stream().map(shard -> new InitResult.File(shard.file(), shard.jobs().size(),
                shard.bytes(), written.contains(shard.file()))).toList();
        return new InitResult(planOnly, request.out(), plan.parameters(), plan.totalBytes(), plan.tensorCount(), files, device,
                certified, seed.value(), seed.drawn(), seconds);
    }
}
