package dev.weightinit.spark;

import dev.weightinit.checkpoint.ByteSize;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.ModelSeed;
import dev.weightinit.engine.DType;
import dev.weightinit.hf.HfConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Spark job's command line: {@code [--master URL] init OPTIONS}, where the options are
 * {@code init}'s for a Hugging Face folder ({@link #OPTIONS}), parsed into the same
 * {@link InitRequest} the command line builds (its defaults and checks). {@code --opt VALUE} and
 * {@code --opt=VALUE} both work; {@code --progress}, {@code --no-summary} and {@code --profile}
 * change nothing the job writes and are accepted, as {@code init --hf-config} accepts them.
 * Immutable.
 *
 * @param master  the Spark master URL, or {@code null} for spark-submit's
 * @param request the run, validated
 * @param help    whether {@code --help} was asked for (then {@code request} is {@code null})
 */
record SparkArguments(String master, InitRequest request, boolean help) {
    static final String USAGE = "usage: [--master URL] init (--hf-config CONFIG.json|NAME | --preset NAME) --out DIR [--seed N] "
            + "[--dtype DTYPE] [--max-shard-size SIZE] [--rules hf|torchtitan] [--device DEVICE] [--chunk-mib MIB] [--overwrite] [--plan]";

    /**
     * One option of the job's command line, for the parser and the generated reference
     * ({@code docs/reference/spark.md}).
     *
     * @param name        the option, {@code --name}
     * @param label       its value's label, or {@code null} for a flag
     * @param description what it does, one sentence or more
     */
    record Option(String name, String label, String description) {
    }

    /** Every option {@code init} takes here, in the order the reference lists them; {@code --master} comes before {@code init}. */
    static final List<Option> OPTIONS = List.of(
            new Option("--master", "URL", "Before init: the Spark master (local[4], spark://host:7077, yarn, k8s://...). "
                    + "Default: spark-submit's."),
            new Option("--hf-config", "CONFIG.json|NAME", "The transformers config.json, or a shipped one: " + HfConfigs.NAMES + "."),
            new Option("--preset", "NAME", "A shipped Hugging Face config by name (as --hf-config); the one-file presets are refused."),
            new Option("--out", "DIR", "The output folder: any Hadoop FileSystem path (a local or shared folder, hdfs://, s3a:// "
                    + "where the cluster has the connector). Required."),
            new Option("--seed", "N", "The model seed, -2^63 to 2^64 - 1. Default: drawn, and printed by the driver."),
            new Option("--dtype", "DTYPE", "float32, float16, bfloat16 or float64. Default: the config's torch_dtype, else float32."),
            new Option("--max-shard-size", "SIZE", "The largest shard (5GB, 500MB, 2GiB, or bytes); one task per shard. Default: "
                    + InitRequest.DEFAULT_MAX_SHARD_SIZE + "."),
            new Option("--device", "DEVICE", "Each executor's device: auto, cpu, opencl or opencl:P:D. Default: "
                    + InitRequest.DEFAULT_DEVICE + "."),
            new Option("--chunk-mib", "MIB", "Each task's streaming chunk, 1 to 1024. Default: " + InitRequest.DEFAULT_CHUNK_MIB + "."),
            new Option("--overwrite", null, "Write into an output folder that is not empty (the old model's files are replaced)."),
            new Option("--plan", null, "Print the shards and totals; start no job, write nothing."),
            new Option("--rules", "NAME", "hf (transformers' _init_weights) or torchtitan (its Llama 3 init), as init --hf-config. "
                    + "Default: " + InitRequest.DEFAULT_RULES + "."),
            new Option("--progress", "MODE", "Accepted for init's command lines; the driver prints a line per finished shard."),
            new Option("--no-summary", null, "Accepted for init's command lines; changes nothing."),
            new Option("--profile", null, "Accepted for init's command lines; changes nothing."),
            new Option("--part", "K/N", "Refused: the job splits the shards itself."),
            new Option("--spec", "MODEL.json", "Refused: the job writes Hugging Face folders only."),
            new Option("--like", "PATH", "Refused: the job writes Hugging Face folders only."),
            new Option("--help", null, "Print the usage line and exit 0 (also -h)."));

    /** Options after {@code init} that take a value. */
    private static final Set<String> VALUED = OPTIONS.stream().filter(o -> o.label() != null && !o.name().equals("--master"))
            .map(Option::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Flags after {@code init}. */
    private static final Set<String> FLAGS = OPTIONS.stream().filter(o -> o.label() == null && !o.name().equals("--help"))
            .map(Option::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * @throws IllegalArgumentException naming the argument that is missing, unknown or bad
     */
    static SparkArguments parse(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        String master = null;
        if (!rest.isEmpty() && rest.get(0).startsWith("--master")) {
            if (rest.get(0).startsWith("--master=")) {
                master = rest.remove(0).substring("--master=".length());
            } else if (rest.size() >= 2) {
                rest.remove(0);
                master = rest.remove(0);
            } else {
                throw new IllegalArgumentException("--master needs a URL, such as local[4] or spark://host:7077");
            }
        }
        if (rest.isEmpty() || !rest.get(0).equals("init")) {
            if (!rest.isEmpty() && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                return new SparkArguments(master, null, true);
            }
            throw new IllegalArgumentException("expected the command init, got " + (rest.isEmpty() ? "nothing" : "'" + rest.get(0) + "'")
                    + "; " + USAGE);
        }
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 1; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new SparkArguments(master, null, true);
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (VALUED.contains(name)) {
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < rest.size()) {
                    value = rest.get(++i);
                } else {
                    throw new IllegalArgumentException("Missing required parameter for option '" + name + "'");
                }
            } else if (FLAGS.contains(arg)) {
                value = "true";
            } else {
                throw new IllegalArgumentException("Unknown option: '" + arg + "'; " + USAGE);
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("option '" + name + "' should be specified only once");
            }
        }
        return new SparkArguments(master, request(options), false);
    }

    private static InitRequest request(Map<String, String> options) {
        for (String other : new String[] {"--spec", "--like"}) {
            if (options.containsKey(other)) {
                throw new IllegalArgumentException(notAFolder(other));
            }
        }
        InitRequest.Source source;
        if (options.containsKey("--hf-config") == options.containsKey("--preset")) {
            throw new IllegalArgumentException("expected one of --hf-config CONFIG.json|NAME or --preset NAME; " + USAGE);
        } else if (options.containsKey("--preset")) {
            String preset = options.get("--preset");
            if (!HfConfigs.SHIPPED.contains(preset)) {
                throw new IllegalArgumentException(notAFolder("--preset " + preset));
            }
            source = new InitRequest.Source(InitRequest.Kind.PRESET, preset);
        } else {
            source = new InitRequest.Source(InitRequest.Kind.HF_CONFIG, options.get("--hf-config"));
        }
        if (options.containsKey("--part")) {
            throw new IllegalArgumentException("--part " + options.get("--part") + " is not valid here: the job splits the shards itself");
        }
        String out = options.get("--out");
        if (out == null || out.isEmpty()) {
            throw new IllegalArgumentException("Missing required option: '--out=PATH'");
        }
        Long seed = options.containsKey("--seed") ? ModelSeed.parse(options.get("--seed")) : null;
        DType dtype = options.containsKey("--dtype") ? DType.parseOutput(options.get("--dtype")) : null;
        long maxShard = ByteSize.parse(options.getOrDefault("--max-shard-size", InitRequest.DEFAULT_MAX_SHARD_SIZE));
        int chunkMib = InitRequest.DEFAULT_CHUNK_MIB;
        if (options.containsKey("--chunk-mib")) {
            try {
                chunkMib = Integer.parseInt(options.get("--chunk-mib"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chunk size '" + options.get("--chunk-mib") + "' is not valid: expected 1 to 1024");
            }
        }
        return new InitRequest(source, out, seed, dtype, maxShard, null, options.containsKey("--overwrite"),
                options.getOrDefault("--rules", InitRequest.DEFAULT_RULES), options.containsKey("--plan"),
                options.getOrDefault("--device", InitRequest.DEFAULT_DEVICE), chunkMib, options.keySet());
    }

    private static String notAFolder(String given) {
        return "this writes Hugging Face folders: expected --hf-config CONFIG.json|NAME or --preset with a shipped config "
                + HfConfigs.SHIPPED + ", not " + given;
    }
}
