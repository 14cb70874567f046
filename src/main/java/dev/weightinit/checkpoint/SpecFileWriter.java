package dev.weightinit.checkpoint;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.Format;
import dev.weightinit.io.SafetensorsFile;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.keras.Initializers;
import dev.weightinit.model.ModelSpec;
import dev.weightinit.model.Provenance;
import dev.weightinit.model.Presets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code init --spec} and the built-in presets: every tensor of a model spec to one safetensors
 * file, streamed, written whole or not at all. Each tensor draws from its own stream under the
 * model seed; a tensor whose config has its own seed keeps it unless the request gives a seed.
 * Not thread-safe; one run per instance.
 */
final class SpecFileWriter {
    private final InitRequest request;
    private final RunOutput output;

    SpecFileWriter(InitRequest request, RunOutput output) {
        this.request = request;
        this.output = output;
    }

    InitResult run() throws IOException {
        InitRequest.Source source = request.source();
        request.checkApplies(false);
        ModelSpec model = source.kind() == InitRequest.Kind.PRESET ? Presets.get(source.value()) : ModelSpec.read(Path.of(source.value()));
        for (String warning : model.warnings()) {
            output.err().println("warning: " + warning);
        }
        DType defaultType = request.dtype() != null ? request.dtype() : model.dtype() != null ? model.dtype() : DType.FLOAT32;
        ModelSeed seed = ModelSeed.of(request.seed(), model.seed());
        List<TensorWriter.Job> jobs = new ArrayList<>();
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        for (ModelSpec.Tensor t : model.tensors()) {
            Initializer init = t.initializer();
            boolean ownSeed = init instanceof Seeded s && !s.seed().drawn();
            if (request.seed() != null || !ownSeed) {
                init = Initializers.withSeed(init, seed.value());
            }
            TensorSpec tensor = TensorSpec.named(t.name(), t.shape(), t.dtype() != null ? t.dtype() : defaultType);
            if (init instanceof HostComputedInitializer host) {
                host.slowWork(t.shape()).ifPresent(work -> output.err().println("init: " + t.name() + ": " + work));
            }
            jobs.add(new TensorWriter.Job(t.name(), tensor, init));
            entries.add(new SafetensorsHeader.Entry(t.name(), tensor));
        }
        Map<String, String> layout = new LinkedHashMap<>();
        // "pt" is what safetensors loaders (transformers) expect of a torch-layout file.
        layout.put("format", "keras".equals(model.layout()) ? "keras" : "pt");
        layout.put("layout", model.layout() != null ? model.layout() : "unspecified");
        Map<String, String> metadata = Provenance.metadata(layout, seed.value(), Map.of(),
                jobs.stream().map(TensorWriter.Job::initializer).toList());
        SafetensorsHeader.of(entries, metadata); // bad names are refused before a device is opened
        long dataBytes = SafetensorsHeader.dataBytes(entries);
        long parameters = model.parameterCount();
        if (request.planOnly()) {
            for (TensorWriter.Job job : jobs) {
                output.out().printf(Locale.ROOT, "  %-50s %-22s %-8s %s%n", job.name(), job.tensor().shape(),
                        job.tensor().dtype().specName(), job.initializer().className());
            }
            output.out().printf(Locale.ROOT, "plan: %d tensors, %d parameters, %s in 1 file%n", jobs.size(), parameters,
                    Format.bytes(dataBytes));
            return new InitResult(true, request.out(), parameters, dataBytes, jobs.size(),
                    List.of(new InitResult.File(request.out(), jobs.size(), dataBytes, false)), null, null, seed.value(), seed.drawn(), 0);
        }
        output.marks().accept("command line parsed, model read, initializers and header made");
        long started = System.nanoTime();
        List<TensorWriter.TensorStats> stats;
        String deviceName;
        String certified;
        Path out = Path.of(request.out());
        try (Backend backend = Devices.open(request.device(), warning -> output.err().println("warning: " + warning))) {
            deviceName = backend.description();
            certified = backend.certification();
            output.marks().accept("device opened (and its certificate looked up)");
            try (RunOutput.ProgressDisplay bar = output.progress().open(dataBytes, jobs.size())) {
                stats = SafetensorsFile.write(out, entries, metadata, jobs, backend, request.chunkMib(), bar, output.stages());
            }
            output.marks().accept("file written (kernels built at first use), synced and renamed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (seed.drawn()) {
            output.err().println(seed.reproduceHint("this file")); // only once the file is in place
        }
        if (output.tensorTable()) {
            TensorTable.print(output.out(), jobs, stats);
        }
        String count = Format.count(parameters).equals(Long.toString(parameters)) ? Long.toString(parameters)
                : Format.count(parameters) + " (" + parameters + ")";
        output.out().printf(Locale.ROOT, "total: %s parameters, %s in %d tensors, %s, %.3g GB/s, device %s (certified: %s), seed %d -> %s%n",
                count, Format.bytes(dataBytes), jobs.size(), Format.duration(seconds), dataBytes / seconds / 1e9, deviceName,
                certified, seed.value(), out);
        return new InitResult(false, request.out(), parameters, dataBytes, jobs.size(),
                List.of(new InitResult.File(request.out(), jobs.size(), dataBytes, true)), deviceName, certified, seed.value(),
                seed.drawn(), seconds);
    }
}
