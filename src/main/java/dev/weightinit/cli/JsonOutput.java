package dev.weightinit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.checkpoint.InitResult;
import dev.weightinit.checkpoint.Verify;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} forms of the commands' results: one JSON object, on one line, on stdout. */
final class JsonOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonOutput() {
    }

    static void print(PrintWriter out, Map<String, Object> object) {
        try {
            out.println(JSON.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON result", e);
        }
        out.flush();
    }

    static Map<String, Object> of(InitResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", result.planOnly() ? "plan" : "init");
        json.put("out", result.out());
        json.put("parameters", result.parameters());
        json.put("bytes", result.bytes());
        json.put("tensors", result.tensors());
        json.put("seed", Long.toString(result.seed()));
        json.put("seed_drawn", result.seedDrawn());
        json.put("files", result.files().stream().map(f -> Map.of("name", f.name(), "tensors", f.tensors(), "bytes", f.bytes(),
                "written", f.written())).toList());
        if (!result.planOnly()) {
            json.put("device", result.device());
            json.put("certified", result.certified());
            json.put("seconds", result.seconds());
        }
        return json;
    }

    static Map<String, Object> of(Verify.Result result, Verify.Request request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "verify");
        json.put("path", request.path().toString());
        json.put("equal", result.equal());
        json.put("files", result.files());
        json.put("tensors", result.tensors());
        json.put("bytes_compared", result.bytesCompared());
        json.put("sample", request.sample());
        if (request.sample() < 1) {
            json.put("sample_seed", Long.toString(request.sampleSeed()));
        }
        json.put("missing", result.missing());
        List<Map<String, Object>> differences = result.differences().stream().map(d -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", d.file());
            entry.put("tensor", d.tensor());
            entry.put("element", d.element());
            entry.put("expected", d.expected());
            entry.put("found", d.found());
            return entry;
        }).toList();
        json.put("differences", differences);
        json.put("device", result.device());
        json.put("certified", result.certified());
        json.put("seconds", result.seconds());
        return json;
    }
}
