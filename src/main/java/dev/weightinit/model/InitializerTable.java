package dev.weightinit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.keras.Initializers;
import dev.weightinit.torch.TorchInit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a file says which initializer made each of its tensors, in two strings a safetensors
 * {@code __metadata__} can hold: {@link #initializers()}, a JSON array of the distinct initializers
 * (each in its dialect's serialized form, with every parameter and its seed), in order of first use;
 * and {@link #entries()}, each tensor's index in that array, in the file's tensor order, run-length
 * encoded ({@code 0,1x3,2}: tensor 0 uses initializer 0, tensors 1-3 initializer 1, ...). A
 * million tensors that share a few initializers take a few kilobytes. Immutable.
 */
public final class InitializerTable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String initializers;
    private final String entries;

    private InitializerTable(String initializers, String entries) {
        this.initializers = initializers;
        this.entries = entries;
    }

    /** The table of {@code perTensor}, one initializer per tensor in file order. */
    public static InitializerTable of(List<Initializer> perTensor) {
        Map<String, Integer> distinct = new LinkedHashMap<>();
        StringBuilder runs = new StringBuilder();
        int previous = -1;
        int run = 0;
        for (Initializer initializer : perTensor) {
            String json = toJson(serialize(initializer));
            int index = distinct.computeIfAbsent(json, key -> distinct.size());
            if (index == previous) {
                run++;
                continue;
            }
            appendRun(runs, previous, run);
            previous = index;
            run = 1;
        }
        appendRun(runs, previous, run);
        return new InitializerTable("[" + String.join(",", distinct.keySet()) + "]", runs.toString());
    }

    private static void appendRun(StringBuilder runs, int index, int run) {
        if (run == 0) {
            return;
        }
        if (runs.length() > 0) {
            runs.append(',');
        }
        runs.append(index);
        if (run > 1) {
            runs.append('x').append(run);
        }
    }

    /** The JSON array of distinct initializers. */
    public String initializers() {
        return initializers;
    }

    /** Each tensor's index into {@link #initializers()}, run-length encoded. */
    public String entries() {
        return entries;
    }

    /**
     * Reads a table back: the initializer of each of {@code tensors} tensors, in file order.
     *
     * @throws IllegalArgumentException naming what is malformed: the JSON, an initializer, an index, or a count that differs
     */
    public static List<Initializer> read(String initializers, String entries, int tensors) {
        Object parsed;
        try {
            parsed = JSON.readValue(initializers, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the initializer table is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof List<?> list)) {
            throw new IllegalArgumentException("the initializer table is not a JSON array");
        }
        List<Initializer> table = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> config)) {
                throw new IllegalArgumentException("initializer " + i + " of the table is not a config object");
            }
            try {
                table.add(deserialize(config));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("initializer " + i + " of the table: " + e.getMessage(), e);
            }
        }
        List<Initializer> perTensor = new ArrayList<>();
        if (!entries.isEmpty()) {
            for (String run : entries.split(",", -1)) {
                String[] parts = run.split("x", -1);
                int index;
                long count;
                try {
                    index = Integer.parseInt(parts[0]);
                    count = parts.length == 2 ? Long.parseLong(parts[1]) : 1;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("tensor initializers '" + abbreviate(run) + "' are not runs of INDEX or INDEXxCOUNT");
                }
                if (parts.length > 2 || index < 0 || index >= table.size() || count < 1 || count > tensors - perTensor.size()) {
                    throw new IllegalArgumentException("tensor initializers '" + abbreviate(run) + "' do not fit a table of "
                            + table.size() + " initializers and " + tensors + " tensors");
                }
                for (long k = 0; k < count; k++) {
                    perTensor.add(table.get(index));
                }
            }
        }
        if (perTensor.size() != tensors) {
            throw new IllegalArgumentException("tensor initializers name " + perTensor.size() + " tensors, the file has " + tensors);
        }
        return perTensor;
    }

    /**
     * An initializer in its dialect's serialized form: torch's for {@code torch.nn.init} functions,
     * else Keras 3's; a drawn seed is written as the seed it is, so the form makes the same values.
     */
    public static Map<String, Object> serialize(Initializer initializer) {
        Initializer fixed = initializer instanceof Seeded seeded && seeded.seed().drawn()
                ? Initializers.withSeed(initializer, seeded.seed().value()) : initializer;
        return TorchInit.knows(fixed.className()) ? TorchInit.serialize(fixed) : Initializers.serialize(fixed);
    }

    /** The initializer of a serialized form ({@link #serialize}). */
    public static Initializer deserialize(Map<?, ?> config) {
        return TorchInit.MODULE.equals(config.get("module")) ? TorchInit.deserialize(config) : Initializers.deserialize(config);
    }

    private static String toJson(Map<String, Object> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config of " + config.get("class_name"), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
