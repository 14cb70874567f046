package dev.weightinit.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Integers;
import dev.weightinit.keras.Initializers;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.io.JsonFiles;
import dev.weightinit.torch.TorchModules;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every tensor of a model: name, shape, initializer and optional dtype, plus an optional model
 * seed and default dtype. The JSON form ({@code init --spec MODEL.json}):
 * <pre>{@code
 * {"seed": 42, "dtype": "bfloat16",
 *  "tensors": [{"name": "fc1.weight", "shape": [512, 784], "initializer": "he_normal"},
 *              {"name": "fc1.bias", "shape": [512], "initializer": {"class_name": "Zeros", "config": {}},
 *               "dtype": "float32"}]}
 * }</pre>
 * {@code initializer} is anything {@link Initializers#get} reads: a name or a config in any dialect.
 *
 * An optional {@code "layout"} says how the tensors are laid out: {@code "keras"} (kernels
 * {@code (..., in, out)}) or {@code "torch"} (weights {@code (out, in, *kernel)}); {@code init}
 * records it in the file's metadata.
 *
 * @param seed    the model seed, or {@code null}
 * @param dtype   the default dtype, or {@code null} (float32)
 * @param layout  {@code "keras"}, {@code "torch"}, or {@code null} when not said
 * @param tensors the tensors, in file order
 */
public record ModelSpec(Long seed, DType dtype, String layout, List<Tensor> tensors) {
    /** The layouts a spec may name. */
    public static final List<String> LAYOUTS = List.of("keras", "torch");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> MODEL_KEYS = Set.of("seed", "dtype", "layout", "tensors", "name", "description");
    private static final Set<String> TENSOR_KEYS = Set.of("name", "shape", "initializer", "dtype", "buffer", "module_weight");

    /**
     * One tensor.
     *
     * @param dtype  its own dtype, or {@code null} for the model's
     * @param buffer whether it is a buffer (PyTorch's {@code running_mean}, ...), not a parameter
     */
    public record Tensor(String name, Shape shape, Initializer initializer, DType dtype, boolean buffer) {
        /** A parameter. */
        public Tensor(String name, Shape shape, Initializer initializer, DType dtype) {
            this(name, shape, initializer, dtype, false);
        }
    }

    public ModelSpec {
        if (layout != null && !LAYOUTS.contains(layout)) {
            throw new IllegalArgumentException("layout '" + layout + "' is not known: expected one of " + LAYOUTS);
        }
        tensors = List.copyOf(tensors);
        Set<String> names = new HashSet<>();
        for (Tensor tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("tensor name '" + tensor.name() + "' appears twice: names must be unique");
            }
        }
    }

    /**
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException naming the field, the tensor and the bad value
     */
    public static ModelSpec read(Path file) {
        Object root = JsonFiles.read(file, "model spec", JSON, Object.class);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("model spec " + file + " is not a JSON object with a \"tensors\" list");
        }
        return fromJson(map, file.toString());
    }

    static ModelSpec fromJson(Map<?, ?> map, String source) {
        for (Object key : map.keySet()) {
            if (!MODEL_KEYS.contains(key)) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "': a model spec takes " + MODEL_KEYS);
            }
        }
        Long seed = null;
        if (map.get("seed") != null) {
            seed = Integers.seedBits(map.get("seed"));
            if (seed == null) {
                throw new IllegalArgumentException(source + ": seed is " + map.get("seed") + ": expected " + Integers.SEED_RANGE);
            }
        }
        DType dtype = map.get("dtype") == null ? null : parseDtype(map.get("dtype"), source + ": dtype");
        if (!(map.get("tensors") instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": tensors is " + map.get("tensors") + ": expected a list of tensors");
        }
        Object layout = map.get("layout");
        if (layout != null && !(layout instanceof String text && LAYOUTS.contains(text))) {
            throw new IllegalArgumentException(source + ": layout is " + layout + ": expected one of " + LAYOUTS);
        }
        // First every name and shape (a module's bias takes its bound from its weight), then the initializers.
        Map<String, Shape> shapes = new java.util.HashMap<>();
        List<Shape> shapeList = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": tensors[" + i + "]";
            Map<?, ?> node = tensorNode(list.get(i), where);
            Shape shape = shape(node, where + " (" + node.get("name") + ")");
            shapes.putIfAbsent((String) node.get("name"), shape);
            shapeList.add(shape);
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> node = (Map<?, ?>) list.get(i);
            tensors.add(tensor(node, shapeList.get(i), shapes, (String) layout, source + ": tensors[" + i + "] (" + node.get("name") + ")"));
        }
        return new ModelSpec(seed, dtype, (String) layout, tensors);
    }

    private static Map<?, ?> tensorNode(Object node, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " is " + node + ": expected an object with name, shape and initializer");
        }
        for (Object key : map.keySet()) {
            if (!TENSOR_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "': a tensor takes " + TENSOR_KEYS);
            }
        }
        if (!(map.get("name") instanceof String name) || name.isEmpty()) {
            throw new IllegalArgumentException(where + ": name is " + map.get("name") + ": expected a non-empty string");
        }
        try {
            StreamSpec.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return map;
    }

    private static Shape shape(Map<?, ?> map, String at) {
        if (!(map.get("shape") instanceof List<?> dims)) {
            throw new IllegalArgumentException(at + ": shape is " + map.get("shape") + ": expected a list of integers");
        }
        long[] numbers = new long[dims.size()];
        for (int i = 0; i < numbers.length; i++) {
            Long n = Integers.signed64(dims.get(i));
            if (n == null) {
                throw new IllegalArgumentException(at + ": shape " + dims + " has " + dims.get(i)
                        + " at axis " + i + ": dimensions are integers from 0 to 2^63 - 1");
            }
            numbers[i] = n;
        }
        try {
            return Shape.of(numbers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(Map<?, ?> map, Shape shape, Map<String, Shape> shapes, String layout, String at) {
        String name = (String) map.get("name");
        if (map.get("initializer") == null) {
            throw new IllegalArgumentException(at + ": initializer is missing: expected a Keras or torch name or config");
        }
        Object moduleWeight = map.get("module_weight");
        if (moduleWeight != null && !(moduleWeight instanceof String)) {
            throw new IllegalArgumentException(at + ": module_weight is " + moduleWeight + ": expected the name of a tensor");
        }
        Initializer initializer;
        boolean module = map.get("initializer") instanceof String text && text.startsWith("torch.nn.") && !text.startsWith("torch.nn.init");
        try {
            initializer = Dialects.initializer(map.get("initializer"), layout, name, shape, shapes, (String) moduleWeight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
        DType dtype = map.get("dtype") == null ? null : parseDtype(map.get("dtype"), at + ": dtype");
        if (dtype == null && module) {
            dtype = TorchModules.dtypeOf(name);
        }
        Object buffer = map.get("buffer");
        if (buffer != null && !(buffer instanceof Boolean)) {
            throw new IllegalArgumentException(at + ": buffer is " + buffer + ": expected true or false");
        }
        boolean isBuffer = buffer != null ? (Boolean) buffer : module && TorchModules.isBuffer(name);
        return new Tensor(name, shape, initializer, dtype, isBuffer);
    }

    private static DType parseDtype(Object value, String where) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(where + " is " + value + ": expected float32, float16, bfloat16 or float64");
        }
        DType dtype;
        try {
            dtype = DType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if (dtype == DType.UINT32) {
            throw new IllegalArgumentException(where + " is uint32: expected float32, float16, bfloat16, float64, int64, int32 or bool");
        }
        return dtype;
    }

    /**
     * Warnings about the spec: tensors named like PyTorch weights ({@code *.weight}, rank 2 or more)
     * that get Keras' fan rule {@code (..., in, out)} in a spec that does not say its layout.
     */
    public List<String> warnings() {
        if (layout != null) {
            return List.of();
        }
        List<String> names = tensors.stream().filter(t -> t.name().endsWith(".weight") && t.shape().rank() >= 2
                && Dialects.usesKerasFans(t.initializer())).map(Tensor::name).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        return List.of("tensors named like PyTorch weights (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                + (names.size() > 3 ? ", ..." : "") + ") get Keras' fan rule (..., in, out); PyTorch weights are (out, in, *kernel): "
                + "add \"layout\": \"torch\" to the spec for torch's rule, or \"layout\": \"keras\" to keep Keras'");
    }

    /**
     * Total parameters, buffers left out.
     *
     * @throws IllegalArgumentException naming the tensor at which the total passes 2^63 - 1
     */
    public long parameterCount() {
        long total = 0;
        for (Tensor tensor : tensors) {
            if (tensor.buffer()) {
                continue;
            }
            if (tensor.shape().elementCount() > Long.MAX_VALUE - total) {
                throw new IllegalArgumentException("tensor " + tensor.name() + " " + tensor.shape() + " takes the model past 2^63 - 1 "
                        + "parameters");
            }
            total += tensor.shape().elementCount();
        }
        return total;
    }
}
