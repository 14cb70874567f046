package dev.weightinit.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.io.JsonFiles;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.keras.Ones;
import dev.weightinit.keras.RandomNormal;
import dev.weightinit.keras.Zeros;
import dev.weightinit.torch.TorchModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which initializer each tensor of a checkpoint's layout gets ({@code init --like}): ordered rules
 * {@code {"match": REGEX, "initializer": ..., "dtype": ...}} whose regex matches the whole name,
 * first match wins; a tensor no rule matches is an error naming it. Shipped rule sets:
 * <ul>
 *   <li>{@code hf}: Hugging Face's {@code _init_weights}: every weight of rank 2 or more (Linear,
 *       Embedding) N(0, {@code initializer_range}) from the {@code config.json} beside the
 *       checkpoint (else 0.02), rank-1 weights (norms) 1, biases 0;</li>
 *   <li>{@code torch}: the PyTorch dialect's module defaults ({@link TorchModules}), the module
 *       inferred from name and rank: rank 3 to 5 weights Conv, rank 2 Linear (Embedding when the
 *       name says {@code embed}), rank 1 weights and biases of norms, and BatchNorm's buffers.</li>
 * </ul>
 * Thread-safe: immutable.
 */
public final class LikeRules {
    /** The shipped rule sets. */
    public static final List<String> SHIPPED = List.of("hf", "torch");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** What one tensor gets, and which rule gave it. */
    public record Choice(Initializer initializer, DType dtype, String rule) {
    }

    private record Rule(Pattern match, Object initializer, DType dtype, String label) {
    }

    private final String set;
    private final List<Rule> rules;

    private LikeRules(String set, List<Rule> rules) {
        this.set = set;
        this.rules = rules;
    }

    /**
     * A shipped set by name, or a rules file ({@code {"rules": [...]}} or {@code {"rules": "hf"}}).
     *
     * @throws IllegalArgumentException for an unknown name or a bad rules file, naming it
     */
    public static LikeRules of(String nameOrFile) {
        if (SHIPPED.contains(nameOrFile)) {
            return new LikeRules(nameOrFile, List.of());
        }
        Path file = Path.of(nameOrFile);
        if (!nameOrFile.endsWith(".json")) {
            throw new IllegalArgumentException("rules '" + nameOrFile + "' are not known: expected one of " + SHIPPED + " or a rules .json file");
        }
        Map<?, ?> root = JsonFiles.read(file, "rules file", JSON, Map.class);
        Object rules = root.get("rules");
        if (rules instanceof String name) {
            return of(name);
        }
        if (!(rules instanceof List<?> list)) {
            throw new IllegalArgumentException("rules file " + file + " needs \"rules\": a list of {match, initializer, dtype} or a "
                    + "shipped name " + SHIPPED);
        }
        List<Rule> parsed = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "rules file " + file + ": rules[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> rule) || !(rule.get("match") instanceof String regex) || rule.get("initializer") == null) {
                throw new IllegalArgumentException(at + " needs \"match\" (a regex) and \"initializer\"");
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(at + ": match '" + regex + "' is not a regex: " + e.getDescription());
            }
            DType dtype = null;
            if (rule.get("dtype") != null) {
                try {
                    dtype = DType.parse(String.valueOf(rule.get("dtype")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
                }
            }
            parsed.add(new Rule(pattern, rule.get("initializer"), dtype, "rules[" + i + "] " + regex));
        }
        return new LikeRules(null, List.copyOf(parsed));
    }

    /**
     * The choice for every tensor of {@code layout}, in order.
     *
     * @throws IllegalArgumentException naming a tensor no rule matches, or whose module cannot be inferred
     */
    public List<Choice> choose(CheckpointLayout layout) {
        Map<String, Shape> shapes = new HashMap<>();
        layout.tensors().forEach(t -> shapes.put(t.name(), t.shape()));
        List<Choice> choices = new ArrayList<>();
        for (SafetensorsReader.Entry tensor : layout.tensors()) {
            choices.add(choose(tensor, shapes, layout));
        }
        return choices;
    }

    private Choice choose(SafetensorsReader.Entry tensor, Map<String, Shape> shapes, CheckpointLayout layout) {
        String name = tensor.name();
        if ("hf".equals(set)) {
            return hf(tensor, layout.initializerRange(0.02));
        }
        if ("torch".equals(set)) {
            return new Choice(torchModule(tensor, shapes), null, "torch module default");
        }
        for (Rule rule : rules) {
            if (rule.match().matcher(name).matches()) {
                try {
                    return new Choice(Dialects.initializer(rule.initializer(), null, name, tensor.shape(), shapes, null), rule.dtype(),
                            rule.label());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tensor '" + name + "' (" + rule.label() + "): " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException("tensor '" + name + "' " + tensor.shape() + " matches no rule: add one (\".*\" as the last "
                + "rule is a default)");
    }

    private static Choice hf(SafetensorsReader.Entry tensor, double range) {
        String name = tensor.name();
        if (tensor.dtype().isConstantOnly()) {
            return new Choice(new Zeros(), null, "hf: integer buffer 0");
        }
        if (name.endsWith(".bias") || name.equals("bias")) {
            return new Choice(new Zeros(), null, "hf: bias 0");
        }
        if (tensor.shape().rank() >= 2) {
            return new Choice(new RandomNormal(0.0, range), null, "hf: N(0, initializer_range " + range + ")");
        }
        return new Choice(new Ones(), null, "hf: norm weight 1");
    }

    private static Initializer torchModule(SafetensorsReader.Entry tensor, Map<String, Shape> shapes) {
        String name = tensor.name();
        String role = name.substring(name.lastIndexOf('.') + 1);
        int rank = tensor.shape().rank();
        if (TorchModules.BUFFERS.contains(role)) {
            return TorchModules.initializer("torch.nn.BatchNorm2d", name, null, null);
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        Shape weight = shapes.get(stem.isEmpty() ? "weight" : stem + ".weight");
        int moduleRank = role.equals("weight") ? rank : weight != null ? weight.rank() : -1;
        String module;
        if (moduleRank >= 3 && moduleRank <= 5) {
            module = "torch.nn.Conv2d";
        } else if (moduleRank == 2) {
            module = name.toLowerCase(java.util.Locale.ROOT).contains("embed") ? "torch.nn.Embedding" : "torch.nn.Linear";
        } else if (moduleRank == 1 && (role.equals("weight") || role.equals("bias"))) {
            module = "torch.nn.LayerNorm";
        } else {
            throw new IllegalArgumentException("tensor '" + name + "' " + tensor.shape() + ": its torch module cannot be inferred from "
                    + "its name and rank; give a rules file with a rule for it");
        }
        if (module.equals("torch.nn.Embedding") && role.equals("bias")) {
            module = "torch.nn.Linear";
        }
        return TorchModules.initializer(module, role, name, weight, null);
    }
}
