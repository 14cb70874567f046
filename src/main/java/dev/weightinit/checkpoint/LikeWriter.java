package dev.weightinit.checkpoint;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.Format;
import dev.weightinit.io.SafetensorsFile;
import dev.weightinit.io.SafetensorsIndex;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.keras.Initializers;
import dev.weightinit.model.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code init --like}: a checkpoint's layout with fresh values. Every tensor keeps its name, so
 * its stream, and so its values depend only on seed, name, shape, dtype and rule, never on the
 * shard it is in. Shards are written one at a time, each whole or not at all; the index and the
 * copied files come last, so a folder that has its index is complete. The output folder follows
 * {@link OutputFolder}. Not thread-safe; one run per instance.
 */
final class LikeWriter {
    private final InitRequest request;
    private final RunOutput output;

    LikeWriter(InitRequest request, RunOutput output) {
        this.request = request;
        this.output = output;
    }

    InitResult run() throws IOException {
        Path like = Path.of(request.source().value());
        CheckpointLayout layout = CheckpointLayout.read(like);
        checkApart(like, Path.of(request.out()));
        request.checkApplies(layout.folder());
        List<LikeRules.Choice> choices = LikeRules.of(request.rules()).choose(layout);
        ModelSeed seed = ModelSeed.of(request.seed());
        List<List<TensorWriter.Job>> jobsPerFile = new ArrayList<>();
        List<List<SafetensorsHeader.Entry>> entriesPerFile = new ArrayList<>();
        int k = 0;
        long parameters = 0;
        long bytes = 0;
        for (CheckpointLayout.File file : layout.files()) {
            List<TensorWriter.Job> jobs = new ArrayList<>();
            List<SafetensorsHeader.Entry> entries = new ArrayList<>();
            for (SafetensorsReader.Entry t : file.tensors()) {
                LikeRules.Choice choice = choices.get(k++);
                Initializer init = choice.initializer();
                if (request.seed() != null || !(init instanceof Seeded s && !s.seed().drawn())) {
                    init = Initializers.withSeed(init, seed.value());
                }
                TensorSpec tensor = TensorSpec.named(t.name(), t.shape(), choice.dtype() != null ? choice.dtype() : t.dtype());
                jobs.add(new TensorWriter.Job(t.name(), tensor, init));
                entries.add(new SafetensorsHeader.Entry(t.name(), tensor));
                parameters += t.shape().elementCount();
            }
            bytes += SafetensorsHeader.dataBytes(entries);
            jobsPerFile.add(jobs);
            entriesPerFile.add(entries);
        }
        List<InitResult.File> files = new ArrayList<>();
        for (int f = 0; f < layout.files().size(); f++) {
            files.add(new InitResult.File(layout.folder() ? layout.files().get(f).name() : request.out(), jobsPerFile.get(f).size(),
                    SafetensorsHeader.dataBytes(entriesPerFile.get(f)), !request.planOnly()));
        }
        if (request.planOnly()) {
            printPlan(layout, choices, parameters, bytes);
            return new InitResult(true, request.out(), parameters, bytes, k, files, null, null, seed.value(), seed.drawn(), 0);
        }
        Path out = Path.of(request.out());
        boolean created = layout.folder() && OutputFolder.prepare(out, "--like of a folder", request.overwrite(), false);
        long started = System.nanoTime();
        List<TensorWriter.Job> allJobs = new ArrayList<>();
        List<TensorWriter.TensorStats> allStats = new ArrayList<>();
        String device;
        String certified;
        List<String> names = new ArrayList<>(layout.files().stream().map(CheckpointLayout.File::name).toList());
        layout.copies().forEach(copy -> names.add(copy.getFileName().toString()));
        int streamSpec = Provenance.streamSpec(jobsPerFile.stream().flatMap(List::stream).map(TensorWriter.Job::initializer).toList());
        byte[] index = layout.files().size() > 1 || layout.index() != null ? index(layout, jobsPerFile, bytes, parameters, seed, streamSpec) : null;
        if (index != null) {
            names.add(FolderCommit.INDEX);
        }
        byte[] config = layout.copies().isEmpty() && layout.config() != null
                ? layout.config().toPrettyString().getBytes(StandardCharsets.UTF_8) : null; // from a layout file
        if (config != null) {
            names.add("config.json");
        }
        FolderLock taken = layout.folder() ? FolderLock.take(out, null, created) : null;
        boolean committed = false;
        try (FolderLock lock = taken;
             FolderCommit folder = layout.folder() ? new FolderCommit(out, names, request.overwrite(), false, output.err()::println) : null;
             Backend backend = Devices.open(request.device(), warning -> output.err().println("warning: " + warning))) {
            device = backend.description();
            certified = backend.certification();
            for (int f = 0; f < layout.files().size(); f++) {
                CheckpointLayout.File file = layout.files().get(f);
                Map<String, String> kept = new LinkedHashMap<>(file.metadata());
                kept.putIfAbsent("format", "pt");
                Map<String, String> metadata = Provenance.metadata(kept, seed.value(), streamSpec, Map.of(),
                        jobsPerFile.get(f).stream().map(TensorWriter.Job::initializer).toList());
                if (folder != null) {
                    allStats.addAll(SafetensorsFile.write(folder.stage(file.name()), entriesPerFile.get(f), metadata, jobsPerFile.get(f),
                            backend, request.chunkMib(), (written, done, job) -> { }, output.stages()));
                } else {
                    allStats.addAll(SafetensorsFile.write(out, entriesPerFile.get(f), metadata, jobsPerFile.get(f), backend,
                            request.chunkMib(), (written, done, job) -> { }, output.stages()));
                }
                allJobs.addAll(jobsPerFile.get(f));
                output.err().println("init: wrote " + (folder != null ? out.resolve(file.name()) : out));
            }
            if (folder != null) {
                for (Path copy : layout.copies()) {
                    folder.stage(copy.getFileName().toString(), Files.readAllBytes(copy))
                            .restrictPermissions(Files.getPosixFilePermissions(copy)); // no more readable than the source
                }
                if (config != null) {
                    folder.stage("config.json", config);
                }
                if (index != null) {
                    folder.stage(FolderCommit.INDEX, index);
                }
                folder.commit(index != null ? FolderCommit.INDEX : layout.files().get(0).name());
            }
            committed = true;
        } finally {
            if (!committed && taken != null) {
                taken.removeFolderIfEmptyAndNew();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (output.tensorTable()) {
            TensorTable.print(output.out(), allJobs, allStats);
        }
        output.out().printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d file%s like %s, %s, device %s (certified: %s), seed %d -> %s%n",
                parameters, Format.bytes(bytes), allJobs.size(), layout.files().size(), layout.files().size() == 1 ? "" : "s", like,
                Format.duration(seconds), device, certified, seed.value(), out);
        if (seed.drawn()) {
            output.err().println(seed.reproduceHint("this file"));
        }
        return new InitResult(false, request.out(), parameters, bytes, allJobs.size(), files, device, certified, seed.value(),
                seed.drawn(), seconds);
    }

    /**
     * Refuses an output that is the checkpoint read, inside it, or around it (links followed): a run
     * must never replace what it reads.
     *
     * @throws IllegalArgumentException naming both
     */
    static void checkApart(Path like, Path out) throws IOException {
        Path source = like.toRealPath();
        Path target = realPath(out.toAbsolutePath().normalize());
        if (target.equals(source) || target.startsWith(source) || source.startsWith(target)) {
            throw new IllegalArgumentException("--out " + out + " is " + (target.equals(source) ? "the checkpoint --like reads"
                    : target.startsWith(source) ? "inside the checkpoint --like reads" : "a folder around the checkpoint --like reads")
                    + " (" + like + "): write the new checkpoint somewhere else");
        }
    }

    /**
     * The real path of {@code path} (absolute): its longest existing ancestor with links resolved,
     * then the rest as given. The root exists, so there is always such an ancestor.
     */
    private static Path realPath(Path path) throws IOException {
        Path existing = path;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(existing.relativize(path));
    }

    /**
     * The index of the new folder, as transformers writes one ({@code json.dumps(index, indent=2,
     * sort_keys=True)}): every tensor's shard, the sizes, and the run record (generator, seed, stream
     * spec); nothing of the source's index is carried over.
     */
    private static byte[] index(CheckpointLayout layout, List<List<TensorWriter.Job>> jobsPerFile, long bytes, long parameters,
                                ModelSeed seed, int streamSpec) {
        java.util.TreeMap<String, String> map = new java.util.TreeMap<>();
        for (int f = 0; f < layout.files().size(); f++) {
            String file = layout.files().get(f).name();
            jobsPerFile.get(f).forEach(job -> map.put(job.name(), file));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("generator", Provenance.GENERATOR);
        metadata.put("seed", Long.toString(seed.value()));
        metadata.put("stream_spec", Integer.toString(streamSpec));
        metadata.put("total_parameters", parameters);
        metadata.put("total_size", bytes);
        return SafetensorsIndex.of(metadata, map);
    }

    private void printPlan(CheckpointLayout layout, List<LikeRules.Choice> choices, long parameters, long bytes) {
        int k = 0;
        for (CheckpointLayout.File file : layout.files()) {
            output.out().println(file.name() + ":");
            for (SafetensorsReader.Entry t : file.tensors()) {
                LikeRules.Choice c = choices.get(k++);
                output.out().printf(Locale.ROOT, "  %-50s %-22s %-5s %-18s %s%n", t.name(), t.shape(),
                        (c.dtype() != null ? c.dtype() : t.dtype()).safetensorsName(), c.initializer().className(), c.rule());
            }
        }
        output.out().printf(Locale.ROOT, "plan: %d tensors, %d parameters, %s in %d file%s%s%n", choices.size(), parameters, Format.bytes(bytes),
                layout.files().size(), layout.files().size() == 1 ? "" : "s", layout.folder() ? " (a folder, with its index and "
                        + layout.copies().size() + " copied files)" : "");
    }
}
