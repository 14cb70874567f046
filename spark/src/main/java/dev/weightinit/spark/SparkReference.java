package dev.weightinit.spark;

/**
 * The Spark job's argument reference ({@code docs/reference/spark.md}) rendered from
 * {@link SparkArguments#OPTIONS}, the table its parser reads; {@code SparkReferenceTest} fails when
 * the committed file differs. Stateless and thread-safe.
 */
final class SparkReference {
    private SparkReference() {
    }

    /** The reference as Markdown, ending with one newline. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Spark job reference\n\n")
                .append("<!-- Generated from SparkArguments.OPTIONS by SparkReferenceTest; do not edit. Regenerate with\n")
                .append("     mvn -B test -pl spark -am -Dtest=SparkReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dweightinit.reference.write=true -->\n\n")
                .append("The arguments of `dev.weightinit.spark.SparkInit` (`spark/target/weightinit-spark.jar`, or `bash spark/run`),\n")
                .append("parsed by the job itself into the request `init --hf-config` builds; how to run it is in\n")
                .append("[../spark.md](../spark.md), `init`'s own options in [cli.md](cli.md).\n\n")
                .append("```text\n").append(SparkArguments.USAGE).append("\n```\n\n")
                .append("`--opt VALUE` and `--opt=VALUE` both work. Exit status: 0 on success, 1 when the job fails (one `error:` line\n")
                .append("naming the shard and the reason), 2 for bad arguments.\n\n")
                .append("| option | value | description |\n|---|---|---|\n");
        for (SparkArguments.Option option : SparkArguments.OPTIONS) {
            out.append("| `").append(option.name()).append("` | ").append(option.label() == null ? "" : "`" + option.label() + "`")
                    .append(" | ").append(option.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
