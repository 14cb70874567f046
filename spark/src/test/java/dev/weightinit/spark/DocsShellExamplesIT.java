package dev.weightinit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```sh} block of the README and of {@code docs/*.md} runs as written, in
 * {@code bash -euo pipefail}, on the jars this build made: one fresh folder per page (a page's
 * blocks share it, in order) holding links to the repository's {@code target/} and {@code spark/}.
 * Commands that are the build itself ({@code bash .ci/...}, {@code mvn ...}, alone or before
 * {@code &&}) are not run inside the build; {@code .ci/run} must run the README's test command
 * instead. It lives in the Spark module because only its {@code integration-test} phase comes after
 * both jars are packaged. Blocks that cannot run here are {@code text} in the docs, saying why.
 */
@Tag("slow")
@Tag("opencl")
@Tag("client")
class DocsShellExamplesIT {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long BLOCK_SECONDS = 600;

    @TestFactory
    Stream<DynamicTest> everyShellBlockOfEveryPageRuns() throws IOException {
        assertTrue(Files.isRegularFile(ROOT.resolve("target/weightinit.jar")), "target/weightinit.jar is built");
        assertTrue(Files.isRegularFile(ROOT.resolve("spark/target/weightinit-spark.jar")), "spark/target/weightinit-spark.jar is built");
        List<DynamicTest> tests = new ArrayList<>();
        List<String> withBlocks = new ArrayList<>();
        for (Path page : pages()) {
            List<String> blocks = blocks(page);
            if (!blocks.isEmpty()) {
                withBlocks.add(ROOT.relativize(page).toString());
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(page).toString() + " (" + blocks.size() + " blocks)",
                        () -> runPage(page, blocks)));
            }
        }
        assertTrue(withBlocks.containsAll(List.of("README.md", "docs/cli.md", "docs/hugging-face.md", "docs/pytorch.md", "docs/spark.md",
                "docs/benchmarking.md", "docs/reproducibility.md")), "pages with sh blocks: " + withBlocks);
        return tests.stream();
    }

    /** The README's test command is what CI runs. */
    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("Run every test:\\n\\n```sh\\n(.*?)\\n```").matcher(readme);
        assertTrue(matcher.find(), "the README states its test command");
        String command = matcher.group(1).strip();
        List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd ")).toList();
        assertEquals(List.of(command), ciLines, ".ci/run runs exactly the README's test command");
    }

    /** The build's own commands are dropped; what follows them runs. */
    @Test
    void buildCommandsAreDroppedAndTheRestIsKept() {
        assertEquals("java -jar target/weightinit.jar init --preset gpt2-small --out gpt2.safetensors\n",
                runnable("bash .ci/setup && mvn -B -q package -DskipTests && java -jar target/weightinit.jar init --preset gpt2-small "
                        + "--out gpt2.safetensors\n"));
        assertEquals("", runnable("bash .ci/test\n"));
        assertEquals("ls\necho done\n", runnable("mvn -B verify -DexcludedGroups=slow\nls\necho done\n"));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<String> blocks(Path page) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    /** The block without the commands that are the build itself. */
    static String runnable(String block) {
        StringBuilder kept = new StringBuilder();
        for (String line : block.split("\n")) {
            String rest = line;
            while (rest.startsWith("bash .ci/") || rest.startsWith("mvn ")) {
                int and = rest.indexOf(" && ");
                rest = and < 0 ? "" : rest.substring(and + 4);
            }
            if (!rest.isBlank()) {
                kept.append(rest).append('\n');
            }
        }
        return kept.toString();
    }

    private static void runPage(Path page, List<String> blocks) throws Exception {
        Path work = Files.createDirectories(ROOT.resolve("spark/target/docs-examples"));
        Path folder = Files.createTempDirectory(work, page.getFileName().toString().replace(".md", "") + "-");
        try {
            Files.createSymbolicLink(folder.resolve("target"), ROOT.resolve("target"));
            Files.createSymbolicLink(folder.resolve("spark"), ROOT.resolve("spark"));
            for (int i = 0; i < blocks.size(); i++) {
                String script = runnable(blocks.get(i));
                if (script.isEmpty()) {
                    continue;
                }
                ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(folder.toFile())
                        .redirectErrorStream(true).redirectOutput(folder.resolve(".output-" + i).toFile());
                builder.environment().put("XDG_CACHE_HOME", folder.resolve(".cache").toString());
                Process process = builder.start();
                boolean finished = process.waitFor(BLOCK_SECONDS, TimeUnit.SECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                }
                String output = Files.readString(folder.resolve(".output-" + i), StandardCharsets.UTF_8);
                String tail = output.length() > 4000 ? "..." + output.substring(output.length() - 4000) : output;
                assertTrue(finished, ROOT.relativize(page) + " block " + (i + 1) + " ran over " + BLOCK_SECONDS + " s:\n" + script + "\n" + tail);
                assertEquals(0, process.exitValue(), ROOT.relativize(page) + " block " + (i + 1) + " failed:\n" + script + "\n--- output:\n" + tail);
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p); // links are removed, never followed
                }
            }
        }
    }
}
