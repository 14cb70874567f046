package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference/cli.md} is {@link CliReference#markdown()} byte for byte, so a changed
 * option fails the build until the reference is regenerated
 * ({@code -Dweightinit.reference.write=true} writes it instead of comparing).
 */
class CliReferenceTest {
    private static final Path REFERENCE = Path.of("docs/reference/cli.md");

    @Test
    void theCommittedReferenceIsTheParsersModel() throws Exception {
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("weightinit.reference.write")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(REFERENCE, StandardCharsets.UTF_8),
                "docs/reference/cli.md is stale: regenerate it with mvn -B -f library-pom.xml test -Dtest=CliReferenceTest "
                        + "-Dweightinit.reference.write=true");
    }

    /** Independently of the generator: every option --help prints for every command is in the reference, under its command. */
    @Test
    void everyOptionOfEveryHelpPageIsInTheReference() throws Exception {
        String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        Pattern optionName = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z][a-z-]*)");
        for (String command : new String[] {"devices", "certify", "generate", "init", "verify", "layout", "bench"}) {
            StringWriter help = new StringWriter();
            int status = WeightInit.run(new String[] {command, "--help"}, new PrintWriter(help), new PrintWriter(new StringWriter()));
            assertEquals(0, status, command + " --help");
            int start = reference.indexOf("## weightinit " + command + "\n");
            assertTrue(start >= 0, "no section for " + command);
            int end = reference.indexOf("\n## ", start + 1);
            String section = reference.substring(start, end < 0 ? reference.length() : end);
            Matcher matcher = optionName.matcher(help.toString());
            int found = 0;
            while (matcher.find()) {
                found++;
                assertTrue(section.contains("`" + matcher.group(1) + "`"), command + ": " + matcher.group(1) + " is not in the reference");
            }
            assertTrue(found >= 2, command + " --help lists options");
            assertTrue(!section.contains("${DEFAULT-VALUE}"), command + ": a default left unrendered");
        }
    }
}
