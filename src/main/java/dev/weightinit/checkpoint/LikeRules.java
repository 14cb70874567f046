package dev.weightinit.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.hf.HfRules;
import dev.weightinit.io.JsonFiles;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.model.Dialects;
import dev.weightinit.torch.TorchModuleRules;
import dev.weightinit.torch.TorchtitanRules;
import dev.weightinit.torch.TorchvisionRules;
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
 *   <li>{@code hf}: {@link HfRules}, with {@code initializer_range} from the {@code config.json}
 *       beside the checkpoint (else 0.02);</li>
 *   <li>{@code torch}: {@link TorchModuleRules}, PyTorch's module defaults;</li>
 *   <li>{@code torchtitan}: {@link TorchtitanRules}, torchtitan's Llama 3 init on Hugging Face names;</li>
 *   <li>{@code torchvision:MODEL} and {@code torchvision}: {@link TorchvisionRules}, a torchvision
 *       model family's own init (the family of MODEL, or inferred from the whole name set).</li>
 * </ul>
 * Each rule set lives with its dialect; this class picks one and applies it to a layout.
 * Thread-safe: immutable.
 */
public final class LikeRules {
    /** The shipped rule sets. */
    public static final List<String> SHIPPED = List.of("hf", "torch", "torchtitan", "torchvision", "torchvision:MODEL");

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
        if (nameOrFile.startsWith("torchvision:")) {
            TorchvisionRules.family(nameOrFile.substring("torchvision:".length())); // an unknown model is refused here
            return new LikeRules(nameOrFile, List.of());
        }
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
        String family = set == null || !set.startsWith("torchvision") ? null : set.equals("torchvision")
                ? TorchvisionRules.infer(shapes.keySet()) : TorchvisionRules.family(set.substring("torchvision:".length()));
        List<Choice> choices = new ArrayList<>();
        for (SafetensorsReader.Entry tensor : layout.tensors()) {
            if (family != null) {
                choices.add(new Choice(TorchvisionRules.choose(family, tensor.name(), tensor.shape(), shapes), null,
                        "torchvision " + family));
                continue;
            }
            choices.add(choose(tensor, shapes, layout));
        }
        return choices;
    }

    private Choice choose(SafetensorsReader.Entry tensor, Map<String, Shape> shapes, CheckpointLayout layout) {
        String name = tensor.name();
        if ("hf".equals(set)) {
            HfRules.Choice hf = HfRules.choose(name, tensor.shape(), tensor.dtype(), layout.initializerRange(0.02));
            return new Choice(hf.initializer(), null, hf.rule());
        }
        if ("torch".equals(set)) {
            return new Choice(TorchModuleRules.choose(name, tensor.shape(), shapes), null, "torch module default");
        }
        if ("torchtitan".equals(set)) {
            TorchtitanRules.Choice titan = TorchtitanRules.choose(name, tensor.shape());
            return new Choice(titan.initializer(), null, titan.rule());
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
}
