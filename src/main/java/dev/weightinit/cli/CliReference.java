package dev.weightinit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command-line reference ({@code docs/reference/cli.md}) rendered from the picocli model of
 * {@link WeightInit}: every command, its synopsis, description, parameters and options with their
 * defaults, in the order {@code --help} shows them. The committed file is this method's output
 * ({@code CliReferenceTest} fails when they differ), so the reference cannot drift from the parser.
 * Stateless and thread-safe.
 */
public final class CliReference {
    /** Columns of the synopses: wide enough that no value label is cut in two. */
    private static final int WIDTH = 120;

    private CliReference() {
    }

    /** The whole reference as Markdown, ending with one newline. */
    public static String markdown() {
        CommandLine root = new CommandLine(new WeightInit());
        StringBuilder out = new StringBuilder();
        out.append("# Command-line reference\n\n")
                .append("<!-- Generated from the picocli model by CliReferenceTest; do not edit. Regenerate with\n")
                .append("     mvn -B -f library-pom.xml test -Dtest=CliReferenceTest -Dweightinit.reference.write=true -->\n\n")
                .append("Every command and option of `weightinit` (`java -jar target/weightinit.jar`), as `COMMAND --help` prints\n")
                .append("them. Exit codes, examples and explanations are in [../cli.md](../cli.md); the Spark job's arguments are in\n")
                .append("[spark.md](spark.md).\n\n");
        out.append("| command | what it does |\n|---|---|\n");
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            out.append("| [`").append(entry.getKey()).append("`](#weightinit-").append(entry.getKey()).append(") | ")
                    .append(cell(firstSentence(entry.getValue().getCommandSpec()))).append(" |\n");
        }
        out.append('\n');
        command(out, root.getCommandSpec(), "weightinit");
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            command(out, entry.getValue().getCommandSpec(), "weightinit " + entry.getKey());
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").stripTrailing() + "\n";
    }

    private static void command(StringBuilder out, CommandSpec spec, String title) {
        spec.usageMessage().autoWidth(false).width(WIDTH);
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        out.append("## ").append(title).append("\n\n```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
        for (String line : help.description().split("\n")) {
            out.append(line.strip()).append('\n');
        }
        out.append('\n');
        for (CommandLine.Model.ArgGroupSpec group : spec.argGroups()) {
            if (group.exclusive() && group.multiplicity().min() > 0) {
                out.append("Exactly one of ").append(names(group)).append(" is required.\n\n");
            } else if (group.exclusive()) {
                out.append("At most one of ").append(names(group)).append(".\n\n");
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            out.append("| parameter | description |\n|---|---|\n");
            for (PositionalParamSpec positional : positionals) {
                out.append("| `").append(positional.paramLabel()).append("` | ").append(cell(String.join(" ", positional.description())))
                        .append(" |\n");
            }
            out.append('\n');
        }
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                options.add(option);
            }
        }
        if (!options.isEmpty()) {
            out.append("| option | value | description |\n|---|---|---|\n");
            for (OptionSpec option : options) {
                String value = option.typeInfo().isBoolean() || option.arity().max() == 0 ? "" : "`" + option.paramLabel() + "`";
                out.append("| `").append(String.join("`, `", option.names())).append("` | ").append(value).append(" | ")
                        .append(cell(String.join(" ", option.description())))
                        .append(option.required() && option.group() == null ? " Required." : "").append(" |\n");
            }
            out.append('\n');
        }
    }

    private static String names(CommandLine.Model.ArgGroupSpec group) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : group.options()) {
            names.add("`" + option.longestName() + "`");
        }
        return String.join(", ", names);
    }

    private static String firstSentence(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String text = description.length == 0 ? "" : description[0].replace("%n", " ").strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** Text safe inside a Markdown table cell: pipes escaped, no line breaks. */
    private static String cell(String text) {
        return text.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }
}
