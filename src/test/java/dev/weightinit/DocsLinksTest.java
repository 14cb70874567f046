package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md"), Path.of("benchmarks/RESULTS.md"),
                Path.of("kernels/STREAM-SPEC.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
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
