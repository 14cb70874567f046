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
        return new HfFolderPlan(bytes, config, dtype, seed.value(), request.maxShardBytes());
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
        HfFolderPlan.Shard shard = plan.shards().get(index);
        try (Backend backend = Devices.open(device, warnings)) {
            SafetensorsFile.write(channel, shard.entries(), plan.metadata(), shard.jobs(), backend, chunkMib, (b, d, j) -> { });
        }
        return channel.position();
    }

    int run() throws IOException {
        ModelSeed seed = ModelSeed.of(request.seed());
        HfFolderPlan plan = plan(request, seed);
        if (request.planOnly()) {
            plan.describe().forEach(output.out()::println);
            return 0;
        }
        Path out = Path.of(request.out());
        Part part = request.part();
        OutputFolder.prepare(out, "--hf-config", request.overwrite(), part != null);
        long started = System.nanoTime();
        List<String> written = new ArrayList<>();
        String device;
        List<HfFolderPlan.Shard> shards = plan.shards();
        try (Backend backend = Devices.open(request.device(), warning -> output.err().println("warning: " + warning))) {
            device = backend.description();
            for (int i = 0; i < shards.size(); i++) {
                if (part != null && !part.includes(i)) {
                    continue;
                }
                HfFolderPlan.Shard shard = shards.get(i);
                SafetensorsFile.write(out.resolve(shard.file()), shard.entries(), plan.metadata(), shard.jobs(), backend,
                        request.chunkMib(), (b, d, j) -> { }, output.stages());
                written.add(shard.file());
                output.err().println("init: wrote " + out.resolve(shard.file()));
            }
        }
        AtomicOutputFile.write(out.resolve("config.json"), plan.config());
        if (plan.index() != null) {
            AtomicOutputFile.write(out.resolve("model.safetensors.index.json"), plan.index());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        output.out().printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d shard%s (%s written by this run%s), %s, "
                        + "device %s, seed %d -> %s%n", plan.parameters(), Format.bytes(plan.totalBytes()), plan.tensorCount(),
                shards.size(), shards.size() == 1 ? "" : "s", written.size() == shards.size() ? "all" : String.join(", ", written),
                part == null ? "" : ", part " + part, Format.duration(seconds), device, plan.seed(), out);
        if (seed.drawn()) {
            output.err().println(seed.reproduceHint("this file"));
        }
        return 0;
    }
}
