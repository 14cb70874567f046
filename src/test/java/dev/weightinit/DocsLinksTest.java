package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the project's Markdown resolves (files, folders and {@code #headings},
 * slugged as GitHub slugs them), and the README stays a front page.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : DocPages.all()) {
            for (String target : links(page)) {
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto: ...
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading; " + resolved.getFileName() + " has " + anchors(resolved) + ")");
                }
            }
        }
        assertTrue(checked > 50, "links were found: " + checked);
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeIsAFrontPage() throws IOException {
        long bytes = Files.size(Path.of("README.md"));
        assertTrue(bytes <= 10_000, "README.md is " + bytes + " bytes: at most 10,000; move the detail to docs/");
    }

    /**
     * The tests the docs cite as evidence exist ({@code FooTest}, {@code FooTest.method}), so a
     * renamed or dissolved test cannot leave a claim behind. Allowed: the campaign classes that the
     * mutation-testing history names, which were dissolved into per-unit classes, and the pattern
     * names of docs/testing.md.
     */
    @Test
    void everyTestTheDocsCiteExists() throws IOException {
        Set<String> historical = Set.of("TorchEdgesTest", "KerasEdgesTest", "ModelEdgesTest", "LikeEdgesTest", "PresetsEdgesTest",
                "ReaderEdgesTest", "EngineEdgesTest", "EdgesTest", "FooTest", "CommandTest");
        Pattern cited = Pattern.compile("\\b([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?\\b");
        List<String> missing = new ArrayList<>();
        List<Path> pages = new ArrayList<>(DocPages.guides());
        pages.add(Path.of("CHANGELOG.md"));
        Map<String, Path> sources = testSources();
        int found = 0;
        for (Path page : pages) {
            Matcher matcher = cited.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (matcher.find()) {
                if (historical.contains(matcher.group(1))) {
                    continue;
                }
                found++;
                Path source = sources.get(matcher.group(1));
                if (source == null) {
                    missing.add(page + ": " + matcher.group(1));
                } else if (matcher.group(2) != null
                        && !Files.readString(source, StandardCharsets.UTF_8).contains(" " + matcher.group(2) + "(")) {
                    missing.add(page + ": " + matcher.group(1) + "." + matcher.group(2));
                }
            }
        }
        assertTrue(found > 30, "cited tests found: " + found);
        assertEquals(List.of(), missing);
    }

    /** Every test source file by class name, the first root that has it winning, read once per run. */
    private static Map<String, Path> testSources() throws IOException {
        Map<String, Path> sources = new HashMap<>();
        for (String root : new String[] {"src/test/java", "spark/src/test/java", "benchmarks/src/main/java"}) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> sources.putIfAbsent(p.getFileName().toString().replace(".java", ""), p));
            }
        }
        return sources;
    }

    /** GitHub's slugs, known cases written out. */
    @Test
    void headingsAreSluggedAsGitHubDoes() {
        assertEquals("any-checkpoints-layout---like", slug("Any checkpoint's layout (`--like`)"));
        assertEquals("output-folders-what-a-stop-leaves", slug("Output folders: what a stop leaves"));
        assertEquals("weightinit-init", slug("weightinit init"));
        assertEquals("run-12--2026-12-03-issue", slug("Run 12 — 2026-12-03, issue"));
    }

    private static List<String> links(Path page) throws IOException {
        List<String> links = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                Matcher matcher = LINK.matcher(line.replaceAll("`[^`]*`(?!\\])", "``"));
                while (matcher.find()) {
                    links.add(matcher.group(1));
                }
            }
        }
        return links;
    }

    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
            return anchors;
        }
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                Matcher matcher = HEADING.matcher(line);
                if (matcher.matches()) {
                    anchors.add(slug(matcher.group(1)));
                }
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replace("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
